import { PICTURE_RECORD_KEY, type UpscaleRecord } from '../../../shared/contract'

/**
 * The upscale step added to a PNG's text metadata, both places a picture says how it was made:
 * - the Taleweaver record (`taleweaver-record`, JSON): the step is appended to its `upscales`, so
 *   the record pins the upscaler pack by its hashes beside the pack that drew the picture;
 * - the "parameters" text other image tools read ("Steps: 20, Sampler: ddim, ..."): the step goes
 *   on its last line as more fields, the way other tools record a hires pass.
 * A record that is not JSON (written by something else) is left as it was.
 */
export function withUpscaleStep(entries: Record<string, string>, step: UpscaleRecord): Record<string, string> {
  const fields = [`Upscale: ${step.scale}x`, ...(step.pack.id ? [`Upscaler: ${step.pack.id}`] : []), `Upscaled size: ${step.width}x${step.height}`].join(', ')
  const parameters = entries.parameters
  const updated: Record<string, string> = { ...entries, parameters: parameters ? `${parameters}, ${fields}` : fields }
  const record = parseObject(entries[PICTURE_RECORD_KEY])
  if (record) {
    const earlier = Array.isArray(record.upscales) ? record.upscales : []
    updated[PICTURE_RECORD_KEY] = JSON.stringify({ ...record, upscales: [...earlier, step] })
  }
  return updated
}

function parseObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}
