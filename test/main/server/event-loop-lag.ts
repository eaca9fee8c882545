/**
 * Watches this process's event loop: a timer due every `intervalMs` records how late it fires.
 * A server that runs unbounded work on its thread shows it here as lag.
 */
export function watchEventLoopLag(intervalMs = 10): { stop(): { maxMs: number; samples: number } } {
  let maxMs = 0
  let samples = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    maxMs = Math.max(maxMs, now - last - intervalMs)
    samples += 1
    last = now
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return { maxMs, samples }
    },
  }
}
