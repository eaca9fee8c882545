import { describe, expect, it } from 'vitest'
import type { EventName } from '../../../../src/shared/contract'
import { EventBus } from '../../../../src/main/studio/core/event-bus'
import { JobManager } from '../../../../src/main/studio/core/jobs'

function record(bus: EventBus) {
  const seen: { event: EventName; payload: any }[] = []
  bus.subscribe((event, payload) => seen.push({ event, payload }))
  return seen
}

describe('JobManager', () => {
  it('runs jobs of one lane in order and ends each with one final event', async () => {
    const bus = new EventBus()
    const seen = record(bus)
    const jobs = new JobManager(bus)
    const order: string[] = []
    const a = jobs.start('book.export', { kind: 'book', title: 'a', lane: 'engine', run: async () => { order.push('a'); return { out: 'a.pdf', pages: 1 } } })
    const b = jobs.start('book.export', { kind: 'book', title: 'b', lane: 'engine', run: async () => { order.push('b'); throw new Error('boom') } })
    await jobs.idle()
    expect(order).toEqual(['a', 'b'])
    const finals = seen.filter((e) => e.event === 'job.done' || e.event === 'job.failed')
    expect(finals).toEqual([
      { event: 'job.done', payload: { jobId: a.jobId, call: 'book.export', result: { out: 'a.pdf', pages: 1 } } },
      { event: 'job.failed', payload: { jobId: b.jobId, error: { code: 'internal', message: 'boom' } } },
    ])
    expect(jobs.list().map((j) => j.state)).toEqual(['done', 'failed'])
  })

  it('cancels a running job through its signal and reports cancelled once', async () => {
    const bus = new EventBus()
    const seen = record(bus)
    const jobs = new JobManager(bus)
    const { jobId } = jobs.start('book.export', {
      kind: 'book',
      title: 'slow',
      lane: 'engine',
      run: ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({ out: 'late.pdf', pages: 1 }))),
    })
    await new Promise((r) => setTimeout(r, 5))
    expect(jobs.cancel(jobId)).toBe(true)
    await jobs.idle()
    const finals = seen.filter((e) => e.event === 'job.done' || e.event === 'job.failed')
    expect(finals).toEqual([{ event: 'job.failed', payload: { jobId, error: { code: 'cancelled', message: 'Cancelled.' } } }])
    expect(jobs.cancel(jobId)).toBe(false)
  })

  it('keeps one final event per job and keeps the lane going when a listener throws', async () => {
    const bus = new EventBus()
    const seen = record(bus)
    bus.subscribe((event) => {
      if (event === 'job.done') throw new Error('a closed window')
    })
    const jobs = new JobManager(bus)
    const first = jobs.start('book.export', { kind: 'book', title: 'a', lane: 'engine', run: async () => ({ out: 'ok.pdf', pages: 1 }) })
    const second = jobs.start('book.export', { kind: 'book', title: 'b', lane: 'engine', run: async () => ({ out: 'also-ok.pdf', pages: 1 }) })
    const quiet = console.error
    console.error = () => undefined
    try {
      await jobs.idle()
    } finally {
      console.error = quiet
    }
    const finals = seen.filter((e) => e.event === 'job.done' || e.event === 'job.failed')
    expect(finals.map((e) => [e.event, e.payload.jobId])).toEqual([
      ['job.done', first.jobId],
      ['job.done', second.jobId],
    ])
  })
})
