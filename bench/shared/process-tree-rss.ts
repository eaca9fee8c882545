import { readdirSync, readFileSync } from 'node:fs'

/** Resident memory of a process and all its descendants, in bytes (Linux /proc; 0 elsewhere). */
export function processTreeRss(rootPid: number = process.pid): number {
  let total = 0
  const pending = [rootPid]
  while (pending.length > 0) {
    const pid = pending.pop() as number
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
        if (children) pending.push(...children.split(/\s+/).map(Number))
      }
    } catch {
      // The process ended while it was being read: it holds no memory now.
    }
  }
  return total
}

/** Samples {@link processTreeRss} every `intervalMs` until stopped; `stop()` returns the peak seen. */
export function samplePeakRss(intervalMs = 50): { stop(): number } {
  let peak = processTreeRss()
  const timer = setInterval(() => (peak = Math.max(peak, processTreeRss())), intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, processTreeRss())
    },
  }
}
