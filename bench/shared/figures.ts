/**
 * What every benchmark does alike: read its numeric options and report its figures. Lives in a
 * subfolder because bench/run.ts offers every top-level bench/*.ts as a benchmark.
 */

/** The median; with an even count, the mean of the middle pair, so neither side is favoured. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `value` rounded to `digits` decimals, for figures printed as JSON. */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** The number after `--name` in `args` (for `--rounds 5`, 5), or `fallback` when the flag is absent. */
export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name)
  return index >= 0 ? Number(args[index + 1]) : fallback
}
