import { lstatSync, realpathSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { ContractError } from '../../../shared/errors'
import { unsafePathReason } from '../../../shared/pack-manifest'
import { isInside } from '../inside-folder'
import { elementTypes, readModelHeader, type DeclaredTensor, type ModelHeader, type TensorSignature } from './model-header'
import { MalformedProtoError } from './proto-reader'

/**
 * Operator domains onnxruntime implements itself. A node of any other domain would need a
 * custom-op library, which the studio never loads, so such a model is refused up front.
 */
export const BUILT_IN_DOMAINS: readonly string[] = ['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc']

/** Default budget for the constant tensors of one model file (an SDXL UNet in fp32 is ~10 GB). */
export const DEFAULT_TENSOR_BUDGET_BYTES = 24 * 2 ** 30

export interface SafetyOptions {
  /** Most bytes of constant tensors one model may declare. */
  tensorBudgetBytes?: number
  /** The pack's files (relative POSIX paths); external data must be one of them when given. */
  packFiles?: ReadonlySet<string>
}

/** What is known of a model once it passed the safety checks. */
export interface ModelInspection {
  /** Path relative to the pack folder, POSIX. */
  path: string
  inputs: TensorSignature[]
  outputs: TensorSignature[]
  /** Bytes of all constant tensors, as declared. */
  tensorBytes: number
  /** Files holding its external data, relative to the pack folder. */
  externalFiles: string[]
}

/**
 * Checks a model file before onnxruntime may see it: it must parse as an ONNX model; its
 * external data must lie in regular files inside the pack (no symlink, no `..`, within the file's
 * bounds); it may only use built-in operator domains; and its constant tensors must fit the budget.
 * @throws ContractError `pack-invalid` naming the file and the first problem.
 */
export function inspectModelFile(packDir: string, relativePath: string, options: SafetyOptions = {}): ModelInspection {
  const modelPath = resolve(packDir, ...relativePath.split('/'))
  const fail = (message: string): never => {
    throw new ContractError('pack-invalid', `${relativePath}: ${message}`, { file: relativePath })
  }
  let header: ModelHeader
  try {
    header = readModelHeader(modelPath)
  } catch (error) {
    if (error instanceof MalformedProtoError) fail(`not a readable ONNX model (${error.message}).`)
    throw new ContractError('io', `${relativePath}: could not be read (${(error as Error).message}).`, { file: relativePath })
  }

  const allowed = new Set([...BUILT_IN_DOMAINS, ...header.functionDomains])
  const foreign = header.nodeDomains.filter((domain) => !allowed.has(domain))
  if (foreign.length > 0) {
    fail(`uses operators from ${foreign.join(', ')}, which need a custom-op library; Taleweaver never loads those.`)
  }

  const budget = options.tensorBudgetBytes ?? DEFAULT_TENSOR_BUDGET_BYTES
  const packRoot = realpathSync(packDir)
  const externalFiles = new Set<string>()
  let tensorBytes = 0
  for (const tensor of header.tensors) {
    const bytes = declaredBytes(tensor, fail)
    tensorBytes += bytes
    if (tensorBytes > budget) fail(`declares more than ${budget} bytes of weights, over the budget for one model.`)
    // External tensors may carry an empty raw_data beside their location; only inline data must match.
    if (!tensor.external && tensor.rawBytes !== null && elementTypes[tensor.dataType]?.bits && tensor.rawBytes !== bytes) {
      fail(`tensor ${JSON.stringify(tensor.name)} declares ${bytes} bytes but stores ${tensor.rawBytes}.`)
    }
    if (tensor.external) {
      externalFiles.add(checkExternalData(tensor, bytes, { packDir, packRoot, modelPath, options, fail }))
    }
  }
  return { path: relativePath, inputs: header.inputs, outputs: header.outputs, tensorBytes, externalFiles: [...externalFiles].sort() }
}

function declaredBytes(tensor: DeclaredTensor, fail: (message: string) => never): number {
  const type = elementTypes[tensor.dataType]
  if (!type) fail(`tensor ${JSON.stringify(tensor.name)} has unknown element type ${tensor.dataType}.`)
  let elements = 1n
  for (const dim of tensor.dims) {
    if (dim < 0n) fail(`tensor ${JSON.stringify(tensor.name)} has a negative dimension.`)
    elements *= dim
    // Stop multiplying once it is absurd, so hostile dims cannot make a huge BigInt.
    if (elements > 2n ** 62n) fail(`tensor ${JSON.stringify(tensor.name)} declares an impossible size.`)
  }
  return Number((elements * BigInt(type!.bits) + 7n) / 8n)
}

interface ExternalContext {
  packDir: string
  packRoot: string
  modelPath: string
  options: SafetyOptions
  fail: (message: string) => never
}

/** Validates one tensor's external-data entries; returns the data file relative to the pack. */
function checkExternalData(tensor: DeclaredTensor, bytes: number, context: ExternalContext): string {
  const { fail } = context
  const entries = tensor.external!
  const name = JSON.stringify(tensor.name)
  const location = entries.location
  if (!location) fail(`tensor ${name} has external data without a location.`)
  const reason = unsafePathReason(location)
  if (reason) fail(`tensor ${name} keeps its data at ${JSON.stringify(location.slice(0, 80))}, which ${reason}.`)
  const target = resolve(dirname(context.modelPath), ...location.split('/'))
  if (!isInside(context.packDir, target)) fail(`tensor ${name} keeps its data outside the pack (${location}).`)
  const relativeTarget = relative(context.packDir, target).split(sep).join('/')
  if (context.options.packFiles && !context.options.packFiles.has(relativeTarget)) {
    fail(`tensor ${name} keeps its data in ${relativeTarget}, which is not a file of the pack.`)
  }
  let info
  try {
    info = lstatSync(target)
  } catch {
    fail(`tensor ${name} keeps its data in ${relativeTarget}, which is missing.`)
  }
  if (!info!.isFile()) fail(`tensor ${name} keeps its data in ${relativeTarget}, which is not a regular file.`)
  if (!isInside(context.packRoot, realpathSync(target))) fail(`tensor ${name} keeps its data outside the pack.`)

  const offset = parseCount(entries.offset ?? '0')
  const length = entries.length === undefined ? null : parseCount(entries.length)
  if (offset === null || (entries.length !== undefined && length === null)) fail(`tensor ${name} has a malformed external-data offset or length.`)
  const available = info!.size - offset!
  if (available < 0 || (length !== null && length > available)) fail(`tensor ${name} reads past the end of ${relativeTarget}.`)
  if (bytes > (length ?? available)) fail(`tensor ${name} declares ${bytes} bytes but ${relativeTarget} holds fewer.`)
  return relativeTarget
}

function parseCount(text: string): number | null {
  if (!/^\d{1,16}$/.test(text)) return null
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : null
}
