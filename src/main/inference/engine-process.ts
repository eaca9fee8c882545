/**
 * The inference process: owns every onnxruntime session, so that `create` and `run` (which block
 * their thread) never stall the studio, and a native crash takes down only this process. Runs one
 * method call per message; cancelling aborts the run's signal, which methods check between tokens
 * and between denoising steps. The same file serves a forked Node child (`process.send`) and an
 * Electron utilityProcess (`process.parentPort`).
 */
import { engineMethods } from './methods'
import type { FromEngine, ToEngine } from './protocol'
import { engineErrorData } from './runtime/allocation-failure'

/** The part of Electron's `process.parentPort` used here (typed locally: no electron import). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: ToEngine }) => void): void
  postMessage(message: FromEngine): void
}

const running = new Map<number, AbortController>()
const parentPort = (process as { parentPort?: ParentPort }).parentPort
const send = connect()

function connect(): (message: FromEngine) => void {
  if (parentPort) {
    parentPort.on('message', ({ data }) => receive(data))
    return (message) => parentPort.postMessage(message)
  }
  if (!process.send) throw new Error('engine-process must be started by the studio (fork or utilityProcess).')
  process.on('message', (message) => receive(message as ToEngine))
  // The studio is gone: nobody is left to read results.
  process.on('disconnect', () => process.exit(0))
  return (message) => void process.send!(message)
}

function receive(message: ToEngine): void {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort()
    return
  }
  void execute(message)
}

async function execute({ id, method, params }: Extract<ToEngine, { type: 'run' }>): Promise<void> {
  const controller = new AbortController()
  running.set(id, controller)
  try {
    const implementation = (engineMethods as Record<string, (p: unknown, c: unknown) => Promise<unknown>>)[method]
    if (!implementation) throw new Error(`The engine has no method ${method}.`)
    const context = { signal: controller.signal, emit: (event: unknown) => send({ type: 'event', id, event }) }
    send({ type: 'result', id, value: await implementation(params, context) })
  } catch (error) {
    send({ type: 'error', id, error: engineErrorData(error) })
  } finally {
    running.delete(id)
  }
}
