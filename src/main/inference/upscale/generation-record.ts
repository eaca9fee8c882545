/**
 * The upscale step in a PNG's generation record. Image tools read the settings from the last
 * line of the "parameters" text ("Steps: 20, Sampler: ddim, ..."); the upscale goes there as
 * more fields, the way other tools record a hires pass, so the record still says how the
 * picture was painted and now also how it was enlarged.
 */
export function withUpscaleStep(entries: Record<string, string>, step: { scale: number; packId?: string; width: number; height: number }): Record<string, string> {
  const fields = [`Upscale: ${step.scale}x`, ...(step.packId ? [`Upscaler: ${step.packId}`] : []), `Upscaled size: ${step.width}x${step.height}`].join(', ')
  const parameters = entries.parameters
  return { ...entries, parameters: parameters ? `${parameters}, ${fields}` : fields }
}
