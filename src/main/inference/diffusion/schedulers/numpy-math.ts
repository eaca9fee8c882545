/**
 * The few numpy operations the diffusers schedulers are written in, reproduced value for value:
 * the timesteps a scheduler picks must equal the reference implementation's integers exactly,
 * which depends on numpy's rounding and on how it lays out ranges.
 */

/** numpy's `round`: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2, 2.5 -> 2). */
export function roundHalfEven(x: number): number {
  const rounded = Math.round(x)
  return Math.abs(x % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded
}

/** `np.linspace(start, stop, count, endpoint)`: `start + i * step`, the end point set exactly. */
export function linspace(start: number, stop: number, count: number, endpoint = true): number[] {
  const divisions = endpoint ? count - 1 : count
  const step = divisions > 0 ? (stop - start) / divisions : 0
  const values = Array.from({ length: count }, (_, i) => start + i * step)
  if (endpoint && count > 1) values[count - 1] = stop
  return values
}

/**
 * `np.arange(start, stop, step)` for floats: numpy stores `start` and `start + step`, then fills
 * `start + i * delta` with `delta = (start + step) - start`, never by accumulation.
 */
export function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step))
  const delta = start + step - start
  return Array.from({ length }, (_, i) => (i === 0 ? start : i === 1 ? start + step : start + i * delta))
}

/** `np.interp(x, arange(table.length), table)`: linear interpolation on integer abscissae. */
export function interpolate(table: ArrayLike<number>, x: number): number {
  if (x <= 0) return table[0]
  const last = table.length - 1
  if (x >= last) return table[last]
  const low = Math.floor(x)
  const fraction = x - low
  return fraction === 0 ? table[low] : table[low] + (table[low + 1] - table[low]) * fraction
}
