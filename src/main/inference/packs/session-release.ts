/**
 * Lets the engines drop the onnxruntime sessions they keep for a pack when the studio switches
 * away from it or removes it. Lives in the inference process: an engine that caches sessions per
 * pack folder registers a listener once (`onPackReleased((dir) => cache.drop(dir))`), and the
 * studio's `packs.release` call runs every listener.
 */
type ReleaseListener = (packDir: string) => void | Promise<void>

const listeners = new Set<ReleaseListener>()

/** Registers a listener; returns the function that unregisters it. */
export function onPackReleased(listener: ReleaseListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Runs every listener for a pack folder; one failing listener does not stop the others. */
export async function releasePackSessions(packDir: string): Promise<{ listeners: number }> {
  const results = await Promise.allSettled([...listeners].map(async (listener) => listener(packDir)))
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failure) throw failure.reason
  return { listeners: results.length }
}
