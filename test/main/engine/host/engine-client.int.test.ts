import { describe, expect, it } from 'vitest'
import { EngineClient } from '../../../../src/main/engine/host/engine-client'

describe('EngineClient', () => {
  it('starts the inference worker on the first run only, and says whether it runs', async () => {
    const engine = new EngineClient()
    expect(engine.started).toBe(false)
    try {
      // The text and image engines each listen for pack releases in the worker.
      expect(await engine.run('packs.release', { dir: '/no/such/pack' })).toEqual({ listeners: 2 })
      expect(engine.started).toBe(true)
    } finally {
      await engine.dispose()
    }
    expect(engine.started).toBe(false)
  })
})
