import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { GpuDevice } from '../../../shared/contract/settings'

/** Lists the GPUs of this machine; injectable, since tests cannot count on one being present. */
export type DetectGpus = () => Promise<GpuDevice[]>

const run = promisify(execFile)
const QUERY_TIMEOUT_MS = 5_000
const MIB = 2 ** 20

/**
 * The GPUs the platform's GPU provider can address, with their device ids: NVIDIA's (CUDA on
 * Linux) as `nvidia-smi` numbers them, which is CUDA's order; on Windows the display adapters
 * in the system's order, which is DirectML's. Elsewhere (macOS runs CoreML, which takes no
 * device id) and wherever the query fails, none: the person then has nothing to choose between.
 */
export const detectGpus: DetectGpus = async () => {
  try {
    if (process.platform === 'linux') return parseNvidiaSmi((await run('nvidia-smi', ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'], { timeout: QUERY_TIMEOUT_MS })).stdout)
    if (process.platform === 'win32') {
      const query = 'Get-CimInstance Win32_VideoController | ForEach-Object { "$($_.Name),$($_.AdapterRAM)" }'
      return parseWindowsAdapters((await run('powershell.exe', ['-NoProfile', '-Command', query], { timeout: QUERY_TIMEOUT_MS })).stdout)
    }
  } catch {
    // No driver tool, or it failed: no GPU can be chosen.
  }
  return []
}

/** Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits` (MiB). */
export function parseNvidiaSmi(output: string): GpuDevice[] {
  return output
    .split('\n')
    .map((line) => line.split(',').map((field) => field.trim()))
    .filter((fields) => fields.length === 3 && /^\d+$/.test(fields[0]!))
    .map(([index, name, mebibytes]) => ({ index: Number(index), name: name!, memoryBytes: /^\d+$/.test(mebibytes!) ? Number(mebibytes) * MIB : null }))
}

/** Parses `name,adapterRAM` lines; the adapter's position is its DirectML device id. */
export function parseWindowsAdapters(output: string): GpuDevice[] {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, index) => {
      const comma = line.lastIndexOf(',')
      const bytes = line.slice(comma + 1)
      return { index, name: comma > 0 ? line.slice(0, comma) : line, memoryBytes: /^\d+$/.test(bytes) && Number(bytes) > 0 ? Number(bytes) : null }
    })
}
