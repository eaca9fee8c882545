import { describe, expect, it } from 'vitest'
import { parseNvidiaSmi, parseWindowsAdapters } from '../../../../src/main/studio/settings/gpu-devices'

// No GPU is present here: the parsers are fed what the driver tools print on machines with two.
describe('GPU listing', () => {
  it('reads nvidia-smi, device ids as CUDA numbers them', () => {
    const output = '0, NVIDIA GeForce RTX 4060, 8188\n1, NVIDIA GeForce RTX 4090, 24564\n'
    expect(parseNvidiaSmi(output)).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4060', memoryBytes: 8188 * 2 ** 20 },
      { index: 1, name: 'NVIDIA GeForce RTX 4090', memoryBytes: 24564 * 2 ** 20 },
    ])
    expect(parseNvidiaSmi('0, Tesla T4, [N/A]\n')).toEqual([{ index: 0, name: 'Tesla T4', memoryBytes: null }])
    expect(parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n')).toEqual([])
  })

  it('reads the Windows display adapters in the system order DirectML uses', () => {
    const output = 'Intel(R) UHD Graphics 770,1073741824\r\nAMD Radeon RX 7800 XT,4293918720\r\n'
    expect(parseWindowsAdapters(output)).toEqual([
      { index: 0, name: 'Intel(R) UHD Graphics 770', memoryBytes: 1073741824 },
      { index: 1, name: 'AMD Radeon RX 7800 XT', memoryBytes: 4293918720 },
    ])
    expect(parseWindowsAdapters('Microsoft Basic Display Adapter,\r\n')).toEqual([{ index: 0, name: 'Microsoft Basic Display Adapter', memoryBytes: null }])
  })
})
