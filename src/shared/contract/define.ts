import type { z } from 'zod'

/**
 * One call of the contract: the input schema the receiver parses, and the output type the
 * caller gets back. The output is a type only: it is produced by our own code, never parsed.
 */
export interface CallSpec<Input extends z.ZodType, Output> {
  readonly input: Input
  /** Phantom field that carries the output type; always undefined at run time. */
  readonly output?: Output
  readonly summary: string
}

export function defineCall<Output>() {
  return <Input extends z.ZodType>(input: Input, summary: string): CallSpec<Input, Output> => ({
    input,
    summary,
  })
}
