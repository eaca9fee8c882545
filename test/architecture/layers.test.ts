import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cruise, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config'
import { afterEach, describe, expect, it } from 'vitest'

/** The project's own rules, as `npm run lint` reads them. */
const layering = await extractDepcruiseConfig(join(import.meta.dirname, '../../.dependency-cruiser.mjs'))

let root: string | null = null
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true })
  root = null
})

/** Cruises a tree of planted files with the project's own rules; answers "rule: from -> to" lines. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  root = await mkdtemp(join(tmpdir(), 'tw-layers-'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, dirname(path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  const cwd = process.cwd()
  process.chdir(root)
  try {
    const { tsConfig: _projectTsConfig, ...options } = layering.options ?? {}
    const { output } = await cruise(['src'], { ...options, validate: true, ruleSet: { forbidden: layering.forbidden } })
    return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
  } finally {
    process.chdir(cwd)
  }
}

describe('the layering rules (npm run lint)', () => {
  it('accept imports that point down, and type-only imports of the inference process from the studio', async () => {
    expect(
      await violationsOf({
        'src/shared/errors.ts': 'export const code = 1\n',
        'src/main/formats/header.ts': "import { code } from '../../shared/errors'\nexport const header = code\n",
        'src/main/inference/methods.ts': "import { header } from '../formats/header'\nexport const methods = { header }\n",
        'src/main/studio/core/client.ts': "import type { methods } from '../../inference/methods'\nexport type M = typeof methods\n",
        'src/main/cli/index.ts': "import type { M } from '../studio/core/client'\nexport type C = M\n",
      }),
    ).toEqual([])
  })

  it('fail on a planted cycle', async () => {
    expect(
      await violationsOf({
        'src/main/studio/book/a.ts': "import { b } from './b'\nexport const a = () => b\n",
        'src/main/studio/book/b.ts': "import { a } from './a'\nexport const b = () => a\n",
      }),
    ).toEqual(['no-cycles: src/main/studio/book/a.ts -> src/main/studio/book/b.ts'])
  })

  it('fail on a planted upward import', async () => {
    expect(
      await violationsOf({
        'src/main/studio/core/jobs.ts': 'export const lane = 1\n',
        'src/main/formats/header.ts': "import { lane } from '../studio/core/jobs'\nexport const header = lane\n",
      }),
    ).toEqual(['formats-are-pure: src/main/formats/header.ts -> src/main/studio/core/jobs.ts'])
  })

  it('fail when a studio domain imports the core above it', async () => {
    expect(
      await violationsOf({
        'src/main/studio/core/jobs.ts': 'export const lane = 1\n',
        'src/main/studio/scenes/extract.ts': "import { lane } from '../core/jobs'\nexport const scenes = lane\n",
      }),
    ).toEqual(['domains-below-core: src/main/studio/scenes/extract.ts -> src/main/studio/core/jobs.ts'])
  })

  it('fail when the studio loads inference code or onnxruntime', async () => {
    expect(
      await violationsOf({
        'node_modules/onnxruntime-node/package.json': '{"name":"onnxruntime-node","main":"index.js"}',
        'node_modules/onnxruntime-node/index.js': 'module.exports = {}\n',
        'src/main/inference/methods.ts': "import { InferenceSession } from 'onnxruntime-node'\nexport const methods = { InferenceSession }\n",
        'src/main/studio/core/client.ts': "import { methods } from '../../inference/methods'\nexport const m = methods\n",
        'src/main/studio/packs/probe.ts': "import { InferenceSession } from 'onnxruntime-node'\nexport const probe = InferenceSession\n",
      }),
    ).toEqual([
      'onnxruntime-only-in-inference: src/main/studio/packs/probe.ts -> node_modules/onnxruntime-node/index.js',
      'studio-loads-no-inference: src/main/studio/core/client.ts -> src/main/inference/methods.ts',
    ])
  })

  it('fail when code the command line runs needs a development dependency', async () => {
    expect(
      await violationsOf({
        'package.json': '{"name":"planted","dependencies":{"ws":"1"},"devDependencies":{"vite":"1"}}',
        'node_modules/vite/package.json': '{"name":"vite","main":"index.js"}',
        'node_modules/vite/index.js': 'module.exports = {}\n',
        'node_modules/ws/package.json': '{"name":"ws","main":"index.js"}',
        'node_modules/ws/index.js': 'module.exports = {}\n',
        'src/main/server/bundle.ts': "import { build } from 'vite'\nimport type { Plugin } from 'vite'\nimport ws from 'ws'\nexport const b = [build, ws] as unknown as Plugin\n",
        'src/main/shell/window.ts': "import { build } from 'vite'\nexport const w = build\n",
      }),
    ).toEqual(['runs-without-dev-dependencies: src/main/server/bundle.ts -> node_modules/vite/index.js'])
  })

  it('fail on electron outside the shell, in every import form, and allow it in the shell', async () => {
    const electron = { 'node_modules/electron/package.json': '{"name":"electron","main":"index.js"}', 'node_modules/electron/index.js': 'module.exports = {}\n' }
    const found = await violationsOf({
      ...electron,
      'src/main/studio/core/a.ts': "import { app } from 'electron'\nexport const a = app\n",
      'src/main/studio/packs/b.ts': "import type { WebContents } from 'electron'\nexport type B = WebContents\n",
      'src/main/inference/c.ts': "const { shell } = require('electron')\nexport const c = shell\n",
      'src/renderer/src/d.ts': "export const d = () => import('electron')\n",
      'src/main/shell/window.ts': "import { BrowserWindow } from 'electron'\nexport const w = BrowserWindow\n",
      'src/main/index.ts': "import { app } from 'electron'\nexport const i = app\n",
    })
    expect(found.filter((line) => line.startsWith('electron-only-in-the-shell')).map((line) => line.split(': ')[1].split(' -> ')[0])).toEqual([
      'src/main/inference/c.ts',
      'src/main/studio/core/a.ts',
      'src/main/studio/packs/b.ts',
      'src/renderer/src/d.ts',
    ])
  })
})
