// Module resolution hook: `electron` resolves to the stand-in beside this file.
const standInUrl = new URL('./electron.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standInUrl, shortCircuit: true }
  return nextResolve(specifier, context)
}
