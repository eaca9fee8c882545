/**
 * Classifier-free guidance (Ho and Salimans 2022): push the prediction away from the
 * unconditional one, `uncond + scale * (cond - uncond)`, written into `out` (which may be
 * `uncond` itself: each element is read before it is written).
 */
export function combineGuidance(uncond: Float32Array, cond: Float32Array, scale: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const u = uncond[i]
    out[i] = u + scale * (cond[i] - u)
  }
}

/**
 * LCM's guidance-scale embedding (diffusers' `get_guidance_scale_embedding`): the guidance
 * weight w (scale - 1) as sinusoids, like a timestep embedding, fed to the UNet as
 * `timestep_cond` instead of running a second, unconditional pass.
 * For w = 7, width 256: 0.50689, 0.80439, -0.86046, ...
 */
export function guidanceEmbedding(w: number, width: number): Float32Array {
  const half = Math.floor(width / 2)
  const scaled = w * 1000
  const frequencyStep = Math.log(10000) / (half - 1)
  const embedding = new Float32Array(width)
  for (let i = 0; i < half; i++) {
    const angle = scaled * Math.exp(-i * frequencyStep)
    embedding[i] = Math.sin(angle)
    embedding[half + i] = Math.cos(angle)
  }
  // An odd width leaves the last entry 0, as diffusers pads it.
  return embedding
}
