/**
 * Which onnxruntime execution providers to try, in order. onnxruntime-node never falls back by
 * itself (a provider that cannot start makes session creation throw), so the list always ends
 * in `cpu` and the session factory walks it.
 */
export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu'

/**
 * `auto` picks the platform's GPU provider first; `gpu` does too, but as a person's explicit
 * choice (a GPU provider that is not installed is then worth telling); `cpu` never touches a GPU.
 */
export type ProviderPreference = 'auto' | 'gpu' | ProviderName

/** GPU provider that each platform's onnxruntime-node build ships, by `${platform}-${arch}`. */
const platformGpuProvider: Record<string, ProviderName> = {
  'linux-x64': 'cuda',
  'win32-x64': 'dml',
  'win32-arm64': 'dml',
  'darwin-arm64': 'coreml',
}

/** Maps (platform, arch, preference) to the ordered providers to try; always ends in `cpu`. */
export function providerOrder(platform: string, arch: string, preference: ProviderPreference = 'auto'): ProviderName[] {
  if (preference === 'cpu') return ['cpu']
  const first = preference === 'auto' || preference === 'gpu' ? platformGpuProvider[`${platform}-${arch}`] : preference
  return first ? [first, 'cpu'] : ['cpu']
}
