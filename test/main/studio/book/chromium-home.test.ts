import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createChromiumHome, removeLeftoverHomes } from '../../../../src/main/studio/book/pdf/chromium-home'

describe('the private Chromium home', () => {
  it("points Chromium's home and config folders inside it, and is removed after the print", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tw-chromium-'))
    const home = await createChromiumHome(parent)
    expect(home.env.HOME).toBe(home.dir)
    expect(home.env.XDG_CONFIG_HOME?.startsWith(home.dir)).toBe(true)
    await home.remove()
    expect(existsSync(home.dir)).toBe(false)
  })

  it('removes the leftovers of a killed run at the next start, and keeps those of running ones', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tw-chromium-'))
    // No process has pid 2^22 + 1 (above Linux's pid_max default of 2^22).
    const killed = join(parent, `taleweaver-chromium-${2 ** 22 + 1}-abc`)
    const running = join(parent, `taleweaver-chromium-${process.pid}-def`)
    mkdirSync(killed)
    mkdirSync(running)
    await removeLeftoverHomes(parent)
    expect(existsSync(killed)).toBe(false)
    expect(existsSync(running)).toBe(true)
  })
})
