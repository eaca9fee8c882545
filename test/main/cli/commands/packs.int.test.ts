import { appendFile, cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { FakeHub } from '../../studio/packs/fake-hub'
import { runTaleweaver } from '../run-taleweaver'

let home: string
let hub: FakeHub
let gpt2: string

/** The command line with its own data folder and the fake hub. */
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home, TALEWEAVER_HUB_URL: hub.url, HF_TOKEN: '' })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-packs-'))
  gpt2 = (await fixturePacks())[TEXT_FIXTURES.gpt2]
  // The fake hub serves the tiny GPT-2 fixture as a transformers.js repository.
  const files: Record<string, Buffer> = {}
  for (const path of await readdir(gpt2, { recursive: true })) {
    if (path === 'pack.json' || !path.includes('.')) continue
    files[path] = await readFile(join(gpt2, path))
  }
  hub = new FakeHub().add('tiny/gpt2-story', { commit: 'a'.repeat(40), files, lfs: (path) => path.endsWith('.onnx'), licence: 'mit' })
  await hub.start()
})
afterAll(async () => {
  await hub.stop()
  await rm(home, { recursive: true, force: true })
})

describe('taleweaver packs', () => {
  it('imports a plain export, lists it, makes it active and shows it', async () => {
    const source = join(home, 'My Export')
    await cp(gpt2, source, { recursive: true })
    await rm(join(source, 'pack.json'))
    const imported = await taleweaver('packs', 'import', source, '--json')
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.stdout).pack).toMatchObject({ id: 'my-export', kind: 'text', architecture: 'gpt2', bundled: false })

    const list = JSON.parse((await taleweaver('packs', 'list', '--json')).stdout) as { id: string; bundled: boolean }[]
    expect(list.map((pack) => pack.id)).toContain('my-export')
    expect(list.filter((pack) => !pack.bundled).map((pack) => pack.id)).toEqual(['my-export'])

    const used = await taleweaver('packs', 'use', 'my-export', '--json')
    expect(JSON.parse(used.stdout).text).toBe('my-export')
    const shown = await taleweaver('packs', 'show', 'my-export')
    expect(shown.stdout).toMatch(/kind: text, architecture: gpt2/)
    expect(shown.stdout).toMatch(/^weights: auto /m)

    // The weights to run are remembered per pack; auto forgets the pick.
    expect((await taleweaver('packs', 'use', 'my-export', '--weights', 'int8')).code).toBe(0)
    expect(JSON.parse((await taleweaver('packs', 'show', 'my-export', '--json')).stdout).weights).toBe('int8')
    expect((await taleweaver('packs', 'use', 'my-export', '--weights', 'auto')).code).toBe(0)
    expect((await taleweaver('packs', 'show', 'my-export')).stdout).toMatch(/^weights: auto /m)
  })

  it('downloads from the hub, and the downloaded pack generates text once active', async () => {
    const downloaded = await taleweaver('packs', 'download', 'tiny/gpt2-story', '--json')
    expect(downloaded.code).toBe(0)
    expect(JSON.parse(downloaded.stdout).pack).toMatchObject({ id: 'gpt2-story', kind: 'text' })
    expect((await taleweaver('packs', 'use', 'gpt2-story')).code).toBe(0)
    const generated = await taleweaver('generate', '--prompt', 'Once', '--max-new-tokens', '3', '--seed', '1', '--json')
    expect(generated.code).toBe(0)
    expect(JSON.parse(generated.stdout).tokens).toBeGreaterThan(0)
  })

  it('verifies, reports a damaged file with a non-zero exit, and removes', async () => {
    expect(JSON.parse((await taleweaver('packs', 'verify', 'gpt2-story', '--json')).stdout)).toEqual({ ok: true, problems: [] })
    await appendFile(join(home, 'packs', 'gpt2-story', 'config.json'), ' ')
    const damaged = await taleweaver('packs', 'verify', 'gpt2-story')
    expect(damaged.code).toBe(1)
    expect(damaged.stdout).toMatch(/config\.json: \d+ bytes, expected \d+/)
    const removed = await taleweaver('packs', 'remove', 'gpt2-story', '--json')
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: true })
    expect((await taleweaver('packs', 'show', 'gpt2-story')).code).toBe(1)
  })

  it('refuses bad input with one line and a non-zero exit', async () => {
    const bad = await taleweaver('packs', 'download', 'not a repo')
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
  })
})
