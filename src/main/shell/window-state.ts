import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../studio/storage/atomic-file'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** Absent when the window should be centred (first start, or its screen is gone). */
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 860, maximized: false }
const MIN_SIZE = { width: 1024, height: 640 }

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/**
 * The window state to restore from what was saved, on the screens there are now: a window
 * whose top-left corner is on no screen is centred instead, and every size is at least the
 * minimum the layout needs. Anything unreadable gives the default.
 */
export function restoredWindowState(saved: unknown, workAreas: readonly Rectangle[]): WindowState {
  const state = saved as Partial<WindowState> | null
  if (!state || !isFiniteNumber(state.width) || !isFiniteNumber(state.height)) return { ...DEFAULT_WINDOW_STATE }
  const size = { width: Math.max(MIN_SIZE.width, Math.round(state.width)), height: Math.max(MIN_SIZE.height, Math.round(state.height)) }
  const maximized = state.maximized === true
  const { x, y } = state
  const onScreen =
    isFiniteNumber(x) &&
    isFiniteNumber(y) &&
    workAreas.some((area) => x >= area.x && y >= area.y && x < area.x + area.width && y < area.y + area.height)
  return onScreen ? { x: Math.round(x), y: Math.round(y), ...size, maximized } : { ...size, maximized }
}

export function readWindowState(file: string, workAreas: readonly Rectangle[]): WindowState {
  try {
    return restoredWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas)
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
}

/** The part of a BrowserWindow whose state is remembered. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle
  isMaximized(): boolean
  on(event: 'close', listener: () => void): unknown
}

/** Saves the window's normal (unmaximized) bounds and maximized flag when it closes. */
export function rememberWindowState(window: TrackedWindow, file: string): void {
  window.on('close', () => {
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() }
    void writeFileAtomic(file, JSON.stringify(state)).catch(() => undefined)
  })
}
