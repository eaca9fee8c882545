// Saves the same project over and over with an increasing counter, until killed.
import { ProjectStore } from '../../../../../src/main/studio/projects/project-store'

const store = new ProjectStore(process.argv[2])
const filler = 'a tale of a fox and a crow. '.repeat(2000)
for (let version = Number(process.argv[3]); ; version++) {
  await store.save('crash', { title: `version ${version}`, story: filler })
  process.stdout.write(`${version}\n`)
}
