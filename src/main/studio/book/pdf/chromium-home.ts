import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PREFIX = 'taleweaver-chromium-'

/**
 * A private home for one Chromium run: its crash-report, dconf and cache folders land there
 * instead of the person's home, and it is removed when the browser closes. A run that was killed
 * leaves its folder behind; the next run removes every folder whose process is gone.
 */
export async function createChromiumHome(parent: string = tmpdir()): Promise<{ dir: string; env: NodeJS.ProcessEnv; remove(): Promise<void> }> {
  await removeLeftoverHomes(parent)
  const dir = await mkdtemp(join(parent, `${PREFIX}${process.pid}-`))
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_RUNTIME_DIR: dir }
  return { dir, env, remove: () => rm(dir, { recursive: true, force: true }) }
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
