import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The user's data folder: an explicit choice, else TALEWEAVER_HOME, else the platform's
 * application-data folder (the same place Electron's `app.getPath('userData')` points to).
 */
export function resolveDataDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (explicit) return explicit
  if (env.TALEWEAVER_HOME) return env.TALEWEAVER_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Taleweaver')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Taleweaver')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Taleweaver')
}

/**
 * The repository's resources/ folder when running from source (command line, server, tests) or
 * from the unpackaged build in out/main (npm run dev, the built app before packaging): the
 * nearest folder above this module that holds resources/models.
 */
export function sourceResourcesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'resources', 'models')) && dirname(dir) !== dir) dir = dirname(dir)
  return join(dir, 'resources')
}
