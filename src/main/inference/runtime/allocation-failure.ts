import { ContractError, toErrorData, type ContractErrorData } from '../../../shared/errors'

/**
 * What onnxruntime says when an allocation fails: its arena ("Failed to allocate memory for
 * requested buffer of size N"), the C++ runtime (std::bad_alloc) and the CUDA provider ("out of
 * memory", CUDNN_STATUS_ALLOC_FAILED). onnxruntime throws plain Errors with no code, so its message
 * text is all there is to tell memory from a bug; the list is kept here, the one place that reads it.
 */
const allocationFailure = /failed to allocate memory|bad_alloc|out of memory|ALLOC_FAILED/i

/** What a person can do about it, as the studio advises when the system kills the process. */
const advice = 'try a smaller picture or text length, fewer pictures at once, or close other programs'

/**
 * The `out-of-memory` error for an onnxruntime allocation failure (loading or running a model),
 * with what to try and onnxruntime's own first line in `details.cause`; undefined for anything else.
 */
export function allocationFailureError(error: unknown): ContractError | undefined {
  if (!(error instanceof Error) || error instanceof ContractError || !allocationFailure.test(error.message)) return undefined
  const cause = error.message.trim().split('\n')[0]
  return new ContractError('out-of-memory', `The model ran out of memory: ${advice}.`, { cause })
}

/** The wire form of an error thrown inside the inference process, allocation failures typed as memory. */
export function engineErrorData(error: unknown): ContractErrorData {
  return toErrorData(allocationFailureError(error) ?? error)
}
