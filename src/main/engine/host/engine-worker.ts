/**
 * The inference worker: owns every onnxruntime session, so that `create` and `run` (which block
 * the JS thread) never stall the studio. Runs one method call at a time per message; cancelling
 * aborts the run's signal, which methods check between tokens and between denoising steps.
 */
import { parentPort } from 'node:worker_threads'
import { toErrorData } from '../../../shared/errors'
import { engineMethods } from '../methods'
import type { FromEngine, ToEngine } from './protocol'

const port = parentPort
if (!port) throw new Error('engine-worker must run in a worker thread')

const running = new Map<number, AbortController>()
const send = (message: FromEngine) => port.postMessage(message)

port.on('message', (message: ToEngine) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort()
    return
  }
  void execute(message)
})

async function execute({ id, method, params }: Extract<ToEngine, { type: 'run' }>): Promise<void> {
  const controller = new AbortController()
  running.set(id, controller)
  try {
    const implementation = (engineMethods as Record<string, (p: unknown, c: unknown) => Promise<unknown>>)[method]
    if (!implementation) throw new Error(`The engine has no method ${method}.`)
    const context = { signal: controller.signal, emit: (event: unknown) => send({ type: 'event', id, event }) }
    send({ type: 'result', id, value: await implementation(params, context) })
  } catch (error) {
    send({ type: 'error', id, error: toErrorData(error) })
  } finally {
    running.delete(id)
  }
}
