import { contract, isCallName, type CallName } from '../../../shared/contract'
import { unwrapResult, type CallResult } from '../../../shared/envelope'
import { toErrorData } from '../../../shared/errors'
import type { Handlers } from './handlers'

/**
 * The single entry for every transport: checks the call name, parses the payload with the
 * contract's schema, runs the handler, and turns any failure into a typed error. A payload that
 * fails its schema never reaches the handler.
 */
export async function dispatch(handlers: Handlers, name: unknown, payload: unknown): Promise<CallResult> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown-call', message: `Unknown call ${describe(name)}.` } }
  }
  const parsed = contract[name].input.safeParse(payload)
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `Invalid input for ${name}: ${parsed.error.issues[0]?.message ?? 'malformed'}.`,
        details: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
      },
    }
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toErrorData(error) }
  }
}

/** Direct in-process calls with the same parsing as every other transport. */
export async function callDirect(handlers: Handlers, name: CallName, input: unknown): Promise<unknown> {
  return unwrapResult(await dispatch(handlers, name, input))
}

function describe(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `of type ${typeof name}`
}
