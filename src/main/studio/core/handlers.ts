import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract'

/** The studio's side of the contract: one function per call, receiving the parsed input. */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>>
}
