import { describe, expect, it } from 'vitest'
import { describeEngineExit } from '../../../../src/main/studio/inference-client/engine-exit'

describe('describeEngineExit', () => {
  it('blames memory, with what to try, when the system killed the process (SIGKILL, or exit code 137 in the app)', () => {
    expect(describeEngineExit(null, 'SIGKILL')).toMatch(/ran out of memory: try a smaller picture/)
    expect(describeEngineExit(137, null)).toMatch(/memory/)
    expect(describeEngineExit(null, 'SIGKILL')).not.toMatch(/SIGKILL/)
  })

  it('says plainly how the process ended otherwise', () => {
    expect(describeEngineExit(null, 'SIGTERM')).toBe('the inference process was stopped by SIGTERM')
    expect(describeEngineExit(3, null)).toBe('the inference process exited with code 3')
  })
})
