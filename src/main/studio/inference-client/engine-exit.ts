/**
 * Why the inference process ended, for a person. A SIGKILL nobody sent (and Electron's exit code
 * for it, 137) is almost always the kernel's out-of-memory killer: say memory, and what to try.
 */
export function describeEngineExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL' || code === 137) {
    return 'the inference process was killed by the system, most likely because the machine ran out of memory: try a smaller picture or text length, or close other programs'
  }
  return signal ? `the inference process was stopped by ${signal}` : `the inference process exited with code ${code}`
}
