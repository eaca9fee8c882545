/**
 * Joins streamed text pieces into batches sent at most every `intervalMs`: each batch is one
 * message to the studio and one update of the page, and a fast model makes hundreds of pieces a
 * second (the bundled starter pack about 500), far more than anyone reads or a screen shows.
 * The first piece goes out at once, so the first words appear as soon as they exist. The clock
 * is read as pieces arrive: a model run holds the thread, so a timer could not fire between them.
 */
export class PieceBatcher {
  private pending = ''
  private sent = 0
  private lastSentAt = -Infinity

  constructor(
    private readonly send: (text: string, index: number) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(piece: string): void {
    this.pending += piece
    if (this.now() - this.lastSentAt >= this.intervalMs) this.flush()
  }

  /** Sends what is waiting; called once generation ends, however it ends. */
  flush(): void {
    if (this.pending.length === 0) return
    const text = this.pending
    this.pending = ''
    this.lastSentAt = this.now()
    this.send(text, this.sent++)
  }
}
