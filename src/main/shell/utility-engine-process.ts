/**
 * The inference process inside the app: an Electron utilityProcess running the built
 * `engine-process.js` (beside the main bundle). Electron keeps it alive with the app and kills it
 * with it, so holding does nothing here.
 */
import { utilityProcess } from 'electron'
import { fileURLToPath } from 'node:url'
import { describeEngineExit } from '../studio/inference-client/engine-exit'
import { INFERENCE_EXEC_ARGV, inferenceEnv } from '../studio/inference-client/inference-env'
import type { FromEngine, SpawnEngine } from '../inference/protocol'

export const spawnUtilityEngine: SpawnEngine = (listener, setup) => {
  const env = Object.fromEntries(
    Object.entries(inferenceEnv(process.env, process.platform, setup.hugePages)).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
  const child = utilityProcess.fork(fileURLToPath(new URL('./engine-process.js', import.meta.url)), [], {
    env,
    execArgv: [...INFERENCE_EXEC_ARGV],
    serviceName: 'Taleweaver inference',
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let gone = false
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      gone = true
      listener.exit(describeEngineExit(code, null))
      resolve()
    })
  })
  child.on('message', (message: FromEngine) => listener.message(message))
  return {
    send: (message) => {
      if (!gone) child.postMessage(message)
    },
    hold: () => {},
    kill: async () => {
      if (gone) return
      // Before `spawn` there is no process to signal yet: it is killed as soon as there is.
      if (!child.kill()) child.once('spawn', () => child.kill())
      await exited
    },
  }
}
