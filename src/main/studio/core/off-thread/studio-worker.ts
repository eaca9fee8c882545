/**
 * The studio worker thread's entry: runs the calls of `workerCalls` one at a time and answers
 * each with a CallResult (errors in their wire form, so a ContractError keeps its code).
 */
import { parentPort } from 'node:worker_threads'
import type { CallResult } from '../../../../shared/envelope'
import { toErrorData } from '../../../../shared/errors'
import { workerCalls, type WorkerRequest } from './worker-calls'

parentPort?.on('message', ({ id, name, input }: WorkerRequest) => {
  let result: CallResult
  try {
    result = { ok: true, value: (workerCalls[name] as (input: unknown) => unknown)(input) }
  } catch (error) {
    result = { ok: false, error: toErrorData(error) }
  }
  parentPort?.postMessage({ id, result })
})
