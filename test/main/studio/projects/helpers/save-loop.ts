// Saves a project over and over until killed, the way the studio does: each version draws a new
// picture (written before the document that names it) and drops the oldest (deleted after).
import { ProjectFolder } from '../../../../../src/main/studio/projects/project-folder'
import { sampleDocument } from '../project-fixtures'

const folder = new ProjectFolder(process.argv[2])
const filler = 'a tale of a fox and a crow. '.repeat(2000)
const base = sampleDocument()
const variant = base.scenes[0].variants[0]
for (let version = Number(process.argv[3]); ; version++) {
  const ids = [version - 2, version - 1, version].filter((n) => n > 0).map((n) => `pic-${n}`)
  await folder.writePicture(`pic-${version}`, Buffer.from(`picture ${version}`))
  const scene = { ...base.scenes[0], variants: ids.map((id) => ({ ...variant, id })), chosenVariant: `pic-${version}` }
  await folder.save({ ...base, title: `version ${version}`, segments: [{ id: 'seg-a', origin: 'person', text: filler }], scenes: [scene] }, new Date().toISOString())
  if (version > 3) await folder.deletePicture(`pic-${version - 3}`)
  process.stdout.write(`${version}\n`)
}
