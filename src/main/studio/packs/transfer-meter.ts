/**
 * Turns a stream of byte counts into the figures a progress bar shows: bytes done, a smoothed
 * rate and the time left. Reports at most a few times a second so events never flood the UI.
 */
export interface TransferFigures {
  done: number
  total: number
  bytesPerSecond: number
  /** Seconds left at the current rate; -1 while the rate is unknown. */
  etaSeconds: number
}

export class TransferMeter {
  private doneBytes = 0
  private rate = 0
  private lastSampleAt: number
  private lastSampleDone = 0
  private lastReportAt = -Infinity

  constructor(
    private readonly total: number,
    private readonly report: (figures: TransferFigures) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 250,
  ) {
    this.lastSampleAt = now()
  }

  /** Bytes counted so far. */
  get done(): number {
    return this.doneBytes
  }

  /** Adds bytes (negative when a restart discards bytes already counted). */
  add(bytes: number): void {
    this.doneBytes = Math.max(0, this.doneBytes + bytes)
    const at = this.now()
    if (at - this.lastReportAt >= this.intervalMs) this.flush(at)
  }

  /** Reports the current figures now (at the end of a file, for instance). */
  flush(at = this.now()): void {
    const elapsed = (at - this.lastSampleAt) / 1000
    if (elapsed > 0) {
      const instant = Math.max(0, this.done - this.lastSampleDone) / elapsed
      // Exponential smoothing: steady enough to read, quick enough to follow a change of speed.
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant
      this.lastSampleAt = at
      this.lastSampleDone = this.done
    }
    this.lastReportAt = at
    const left = Math.max(0, this.total - this.done)
    this.report({
      done: this.done,
      total: this.total,
      bytesPerSecond: Math.round(this.rate),
      etaSeconds: this.rate > 0 ? Math.ceil(left / this.rate) : -1,
    })
  }
}
