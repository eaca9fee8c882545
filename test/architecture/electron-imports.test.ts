import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const shellFiles = [/^src\/main\/index\.ts$/, /^src\/main\/shell\//, /^src\/preload\//]
const electronImport = /(?:from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|vue|js|mjs|cjs)$/.test(entry.name) ? [path] : []
  })
}

/** The files outside the Electron shell that import electron (they must be none). */
export function electronImportsOutsideShell(files: { path: string; text: string }[]): string[] {
  return files
    .filter(({ path }) => !shellFiles.some((pattern) => pattern.test(path)))
    .filter(({ text }) => electronImport.test(text))
    .map(({ path }) => path)
}

describe('electron stays in the shell', () => {
  it('no file outside src/main/index.ts, src/main/shell and src/preload imports electron', () => {
    const files = sourceFiles(join(root, 'src')).map((path) => ({
      path: relative(root, path).split('\\').join('/'),
      text: readFileSync(path, 'utf8'),
    }))
    expect(files.length).toBeGreaterThan(20)
    expect(electronImportsOutsideShell(files)).toEqual([])
  })

  it('catches every import form outside the shell, and allows them inside it', () => {
    const offenders = electronImportsOutsideShell([
      { path: 'src/main/engine/a.ts', text: "import { app } from 'electron'" },
      { path: 'src/main/studio/b.ts', text: 'import type { WebContents } from "electron"' },
      { path: 'src/main/packs/c.ts', text: "const { shell } = require('electron')" },
      { path: 'src/renderer/src/d.vue', text: "await import('electron')" },
      { path: 'src/main/shell/window-options.ts', text: "import type { BrowserWindow } from 'electron'" },
      { path: 'src/main/books/e.ts', text: "import x from 'electron-vite'" },
    ])
    expect(offenders).toEqual(['src/main/engine/a.ts', 'src/main/studio/b.ts', 'src/main/packs/c.ts', 'src/renderer/src/d.vue'])
  })
})
