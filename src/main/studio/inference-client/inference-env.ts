/**
 * The environment an inference process starts with. Decoding reads every weight once per token,
 * so its speed is the memory system's: on Linux, glibc's malloc can ask for transparent huge
 * pages (`glibc.malloc.hugetlb=1`, glibc 2.35 and later; older ones ignore it), which spares
 * the TLB a miss every 4 KiB while streaming hundreds of megabytes. Most distributions leave
 * transparent huge pages to `madvise`, so without the tunable onnxruntime's weights never get
 * them. glibc reads tunables once, when a process starts: hence a process of its own.
 * A tunable the person already set for hugetlb is kept as it is (`glibc.malloc.hugetlb=0` turns
 * it off). The text benchmark measures it per weight variant (`huge_pages_gain_*`, bare loops
 * with and without it, interleaved): over five runs on a 2-core machine, 0.90 to 1.62x for q4,
 * 1.0 to 1.26x for int8, 0.77 to 1.04x for float32 (its losses on a busy machine). Neither wins
 * everywhere, so it is a setting (`hugePages`), on by default: on the CPU a pack runs its int8
 * or q4 file when it has one (see dtypeOrderFor).
 */
export function inferenceEnv(base: NodeJS.ProcessEnv, platform: NodeJS.Platform, hugePages = true): NodeJS.ProcessEnv {
  if (!hugePagesApply(platform) || !hugePages) return { ...base }
  const tunables = base.GLIBC_TUNABLES ?? ''
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(tunables)) return { ...base }
  return { ...base, GLIBC_TUNABLES: tunables ? `${tunables}:glibc.malloc.hugetlb=1` : 'glibc.malloc.hugetlb=1' }
}

/** Whether asking for huge pages does anything here: glibc's malloc tunable, so Linux only. */
export const hugePagesApply = (platform: NodeJS.Platform): boolean => platform === 'linux'

/**
 * V8 flags an inference process starts with. onnxruntime keeps a thread busy on every core while
 * a model runs, and every decoded token hands back fresh output buffers (logits, the whole
 * KV cache: megabytes per token), so V8 collects garbage every few tokens. Its default
 * collectors start helper threads (concurrent marking, parallel scavenging) that then compete
 * with onnxruntime's threads for the same cores; `--single-threaded-gc` does that work on the
 * JS thread between runs instead. Bare q4 decode loops with and without it, interleaved in
 * fresh processes on a 2-core machine: faster in 10 of 10 rounds (median 105 vs 75 tok/s, CPU
 * time per token 7.9 vs 9.9 ms).
 */
export const INFERENCE_EXEC_ARGV: readonly string[] = ['--single-threaded-gc']
