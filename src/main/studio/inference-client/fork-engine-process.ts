import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describeEngineExit } from './engine-exit'
import { INFERENCE_EXEC_ARGV, inferenceEnv } from './inference-env'
import type { EngineProcess, EngineProcessListener, EngineProcessSetup, FromEngine } from '../../inference/protocol'

/**
 * The inference process under plain Node (command line, studio server, tests): a forked child
 * speaking over Node's IPC channel with structured-clone serialization.
 */
export function forkEngineProcess(listener: EngineProcessListener, setup: EngineProcessSetup): EngineProcess {
  const { entry, execArgv } = engineEntry()
  const child = fork(entry, [], {
    execArgv: [...INFERENCE_EXEC_ARGV, ...execArgv],
    env: inferenceEnv(process.env, process.platform, setup.hugePages),
    serialization: 'advanced',
    // stdout belongs to the host (the command line prints results there); onnxruntime logs to stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  let gone = false
  const reportExit = (reason: string) => {
    if (gone) return
    gone = true
    listener.exit(reason)
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      reportExit(describeEngineExit(code, signal))
      resolve()
    })
  })
  child.on('message', (message) => listener.message(message as FromEngine))
  child.on('error', (error) => {
    // Without a pid the process never started, and no `exit` will follow. Any other error is a
    // message that could not be delivered to a process on its way out: its `exit` says why.
    if (child.pid === undefined) reportExit(`the inference process could not start: ${error.message}`)
  })
  return {
    send: (message) => {
      if (!gone && child.connected) child.send(message)
    },
    hold: (busy) => {
      if (busy) {
        child.ref()
        child.channel?.ref()
      } else {
        child.unref()
        child.channel?.unref()
      }
    },
    kill: async () => {
      if (gone) return
      // An idle child is unreferenced: without this, a host with nothing else to do would end
      // before the exit it awaits.
      child.ref()
      child.kill()
      await exited
    },
  }
}

/**
 * Built bundles ship the entry as `engine-process.js` beside this module; from source (tests,
 * the command line) it is TypeScript, run through tsx.
 */
function engineEntry(): { entry: string; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { entry: fileURLToPath(new URL('./engine-process.js', import.meta.url)), execArgv: [] }
  return { entry: fileURLToPath(new URL('../../inference/engine-process.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] }
}
