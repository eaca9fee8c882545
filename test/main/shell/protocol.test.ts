import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from '../../../src/main/shell/protocol'
import { pictureUrl } from '../../../src/main/studio/projects/picture-urls'

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'tw-protocol-'))
  const rendererDir = join(root, 'renderer')
  const projectsDir = join(root, 'projects')
  mkdirSync(rendererDir)
  mkdirSync(join(projectsDir, 'fox', 'pictures'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  writeFileSync(join(projectsDir, 'fox', 'pictures', 'pic-a.png'), 'png bytes')
  writeFileSync(join(projectsDir, 'fox', 'project.json'), '{}')
  const handle = createAppProtocolHandler(rendererDir, projectsDir)

  it('serves a project picture at its app:// URL', async () => {
    const response = await handle(new Request(pictureUrl('fox', 'pic-a')))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(await response.text()).toBe('png bytes')
    expect((await handle(new Request('app://studio/index.html'))).status).toBe(200)
  })

  it('serves no other project file, and nothing outside the projects', async () => {
    for (const url of ['app://studio/projects/fox/project.json', 'app://studio/projects/fox/pictures/%2e%2e/project.json', 'app://studio/projects/../fox/pictures/x.png', 'app://studio/projects/fox/pictures/absent.png']) {
      expect((await handle(new Request(url))).status, url).toBe(404)
    }
  })
})
