import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ContractError } from '../../../../shared/errors'

/** A browser that can print: a Chromium build, or Electron's own binary (Chromium inside). */
export interface ChromiumBinary {
  path: string
  kind: 'chromium' | 'electron'
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  exists?: (path: string) => boolean
  /** Electron's binary when the `electron` package is installed with it, else undefined. */
  electronBinary?: () => string | undefined
}

/** The usual install paths of Chromium and Chrome on each platform, most specific first. */
export function usualChromiumPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA].filter((root): root is string => Boolean(root))
    return roots.flatMap((root) => [join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(root, 'Chromium', 'Application', 'chrome.exe'), join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe')])
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge']
}

/**
 * Finds a browser to print with: TALEWEAVER_CHROMIUM when set (it must exist), else Electron's
 * own binary when installed (on Linux only with a display, which Electron needs), else the usual
 * Chromium and Chrome install paths. None: a clear message saying what to install or set.
 */
export function locateChromium(options: LocateOptions = {}): ChromiumBinary {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const exists = options.exists ?? existsSync
  const explicit = env.TALEWEAVER_CHROMIUM
  if (explicit) {
    if (!exists(explicit)) throw new ContractError('not-found', `TALEWEAVER_CHROMIUM points to ${explicit}, which does not exist.`)
    return { path: explicit, kind: /electron(?:\.exe)?$/i.test(explicit) ? 'electron' : 'chromium' }
  }
  const electron = (options.electronBinary ?? installedElectronBinary)()
  const hasDisplay = platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
  if (electron && hasDisplay && exists(electron)) return { path: electron, kind: 'electron' }
  const found = usualChromiumPaths(platform, env).find((path) => exists(path))
  if (found) return { path: found, kind: 'chromium' }
  throw new ContractError(
    'unsupported',
    'No Chromium or Chrome found to print the PDF: install one (e.g. "apt install chromium") or set TALEWEAVER_CHROMIUM to its binary.',
  )
}

/**
 * Electron's binary, read from the package's path.txt (written once the binary is downloaded).
 * Requiring the package itself is no option: without the binary it starts downloading one.
 */
function installedElectronBinary(): string | undefined {
  try {
    const folder = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const relative = readFileSync(join(folder, 'path.txt'), 'utf8').trim()
    return relative ? join(folder, 'dist', relative) : undefined
  } catch {
    return undefined
  }
}
