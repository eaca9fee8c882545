import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_WINDOW_STATE, readWindowState, rememberWindowState, restoredWindowState } from '../../../src/main/shell/window-state'

const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }, { x: 1920, y: 0, width: 1280, height: 1024 }]

describe('window state', () => {
  it('restores position, size and maximized state on a screen that is still there', () => {
    expect(restoredWindowState({ x: 2000, y: 40, width: 1100, height: 700, maximized: true }, screens)).toEqual({
      x: 2000, y: 40, width: 1100, height: 700, maximized: true,
    })
  })

  it('centres a window whose screen is gone, and never restores it below the layout minimum', () => {
    expect(restoredWindowState({ x: 4000, y: 40, width: 300, height: 200, maximized: false }, screens)).toEqual({
      width: 1024, height: 640, maximized: false,
    })
  })

  it('falls back to the default for a missing or damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-window-'))
    expect(readWindowState(join(dir, 'absent.json'), screens)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(join(dir, 'bad.json'), '{"width": "wide"')
    expect(readWindowState(join(dir, 'bad.json'), screens)).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('saves the normal bounds and the maximized flag when the window closes, for the next start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tw-window-')), 'window-state.json')
    let close = () => {}
    rememberWindowState({ getNormalBounds: () => ({ x: 10, y: 20, width: 1200, height: 800 }), isMaximized: () => true, on: (_event, listener) => (close = listener) }, file)
    close()
    await vi.waitFor(() => expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true }))
    expect(readWindowState(file, screens)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true })
  })
})
