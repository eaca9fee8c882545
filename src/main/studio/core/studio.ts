import type { StudioClient } from '../../../shared/client'
import { EngineClient } from '../inference-client/engine-client'
import type { SpawnEngine } from '../../inference/protocol'
import type { FreeMemoryProbe } from '../packs/render-budget'
import type { PackResolver } from '../packs/resolver'
import type { StudioDeps } from './deps'
import { callDirect } from './dispatch'
import { EventBus } from './event-bus'
import type { Handlers } from './handlers'
import type { PdfPrinter } from '../book/pdf/pdf-printer'
import { createBookHandlers } from './handlers/book'
import { createImageHandlers } from './handlers/image'
import { createJobsHandlers } from './handlers/jobs'
import { createPacksHandlers } from './handlers/packs'
import { createProjectsHandlers } from './handlers/projects'
import { createScenesHandlers } from './handlers/scenes'
import { createTextHandlers } from './handlers/text'
import { JobManager } from './jobs'
import { OffThread } from './off-thread/off-thread'

export interface StudioOptions {
  /** The user's data folder. */
  dataDir: string
  packs: PackResolver
  /** How book.export prints; default: a local Chromium (the app passes Electron's printToPDF). */
  pdfPrinter?: PdfPrinter
  /** How the inference process starts; default: a forked Node child (the app passes a utilityProcess). */
  spawnEngine?: SpawnEngine
  /** Folders besides the data folder that outputs may go to; undefined: anywhere (the command line). */
  writableFolders?: readonly string[]
  /** Free memory for the image budget; default the system's (tests pass a small machine). */
  freeMemory?: FreeMemoryProbe
}

/**
 * The studio core: plain Node, the same inside Electron's main process, the studio server and
 * the command line. Every transport talks to it through `handlers` (via dispatch) and `events`.
 */
export interface Studio extends StudioDeps, StudioClient {
  handlers: Handlers
  close(): Promise<void>
}

export function createStudio(options: StudioOptions): Studio {
  const events = new EventBus()
  const deps: StudioDeps = {
    events,
    jobs: new JobManager(events),
    engine: new EngineClient(options.spawnEngine),
    offThread: new OffThread(),
    packs: options.packs,
    dataDir: options.dataDir,
    writableFolders: options.writableFolders && [options.dataDir, ...options.writableFolders],
    freeMemory: options.freeMemory,
  }
  const handlers: Handlers = {
    ...createJobsHandlers(deps),
    ...createPacksHandlers(deps),
    ...createProjectsHandlers(deps),
    ...createTextHandlers(deps),
    ...createImageHandlers(deps),
    ...createScenesHandlers(deps),
    ...createBookHandlers(deps, options.pdfPrinter),
  }
  return {
    ...deps,
    handlers,
    // Direct calls are parsed exactly like calls from any other transport.
    call: (name, input) => callDirect(handlers, name, input) as never,
    on: (event, listener) => events.on(event, listener),
    close: async () => {
      await Promise.all([deps.engine.dispose(), deps.offThread.close()])
    },
  }
}
