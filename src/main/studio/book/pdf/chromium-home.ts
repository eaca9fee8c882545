import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PREFIX = 'taleweaver-chromium-'

/** A Chromium run's private home: its folder, the environment that points Chromium there, and its removal. */
export interface ChromiumHome {
  dir: string
  env: NodeJS.ProcessEnv
  remove(): Promise<void>
}

/**
 * A private home for one Chromium run: its crash-report, dconf and cache folders land there
 * instead of the person's home, and it is removed when the browser closes. A run that was killed
 * leaves its folder behind; the next run removes every folder whose process is gone.
 */
export async function createChromiumHome(parent: string = tmpdir()): Promise<ChromiumHome> {
  await removeLeftoverHomes(parent)
  const dir = await mkdtemp(join(parent, `${PREFIX}${process.pid}-`))
  // TMPDIR too: Chromium keeps temporary files of its own (org.chromium.Chromium.*) there.
  const env = { ...process.env, HOME: dir, TMPDIR: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_RUNTIME_DIR: dir }
  // Retried: a browser that is closing may still be writing its last profile files.
  const remove = () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined)
  return { dir, env, remove }
}

/** Removes the homes of Chromium runs whose process no longer exists. */
export async function removeLeftoverHomes(parent: string = tmpdir()): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[])
  await Promise.all(
    names
      .filter((name) => name.startsWith(PREFIX) && !isAlive(Number(name.slice(PREFIX.length).split('-')[0])))
      .map((name) => rm(join(parent, name), { recursive: true, force: true })),
  )
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
