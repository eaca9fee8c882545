import type { StudioClient } from '../../../shared/client'
import { EngineClient } from '../inference-client/engine-client'
import type { SpawnEngine } from '../../inference/protocol'
import type { FreeMemoryProbe } from '../packs/render-budget'
import { EngineSettingsFile } from '../settings/engine-settings-file'
import { detectGpus, type DetectGpus } from '../settings/gpu-devices'
import { PackRegistry } from '../packs/registry'
import type { PackResolver } from '../packs/resolver'
import type { StudioDeps } from './deps'
import { callDirect } from './dispatch'
import { EventBus } from './event-bus'
import type { Handlers } from './handlers'
import type { PdfPrinter } from '../book/pdf/pdf-printer'
import { createChromiumPrinter } from '../book/pdf/chromium-printer'
import { OpenProjects } from '../projects/open-projects'
import { ProjectStore } from '../projects/project-store'
import { createBookHandlers } from './handlers/book'
import { createImageHandlers } from './handlers/image'
import { createJobsHandlers } from './handlers/jobs'
import { createPacksHandlers } from './handlers/packs'
import { createProjectsHandlers } from './handlers/projects'
import { createScenesHandlers } from './handlers/scenes'
import { createSettingsHandlers } from './handlers/settings'
import { createTextHandlers } from './handlers/text'
import { JobManager } from './jobs'
import { OffThread } from './off-thread/off-thread'

export interface StudioOptions {
  /** The user's data folder. */
  dataDir: string
  /**
   * Where packs come from: the app's resources folder (its models/ holds the bundled packs), for
   * a pack registry over those and the data folder; or a fixed resolver (tests, benchmarks), with
   * which the packs.* management calls answer `unsupported`.
   */
  packs: { resourcesDir: string } | PackResolver
  /** How book.export prints; default: a local Chromium (the app passes Electron's printToPDF). */
  pdfPrinter?: PdfPrinter
  /** How the inference process starts; default: a forked Node child (the app passes a utilityProcess). */
  spawnEngine?: SpawnEngine
  /** Folders besides the data folder that outputs may go to; undefined: anywhere (the command line). */
  writableFolders?: readonly string[]
  /** Files the person chose in a save dialog (the app), writable besides those folders; asked at each check. */
  chosenFiles?: () => readonly string[]
  /** Free memory for the image budget; default the system's (tests pass a small machine). */
  freeMemory?: FreeMemoryProbe
  /** How GPUs are listed; default: the platform's driver tool (tests inject a list). */
  detectGpus?: DetectGpus
  /** How a folder is shown in the system's file manager; the desktop app passes Electron's. */
  openFolder?: (path: string) => Promise<void>
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
  const engine = new EngineClient(options.spawnEngine)
  // Every inference process starts with the person's engine settings.
  const engineSettingsFile = new EngineSettingsFile(options.dataDir)
  const engineSettings = engineSettingsFile.read()
  engine.configure(engineSettings)
  const registry =
    'resourcesDir' in options.packs
      ? new PackRegistry({
          dataDir: options.dataDir,
          resourcesDir: options.packs.resourcesDir,
          inspect: (params, signal) => engine.run('packs.inspect', params, { signal }),
        })
      : null
  const deps: StudioDeps = {
    events,
    jobs: new JobManager(events),
    engine,
    offThread: new OffThread(),
    packs: registry ?? (options.packs as PackResolver),
    registry,
    dataDir: options.dataDir,
    writableFolders: options.writableFolders && [options.dataDir, ...options.writableFolders],
    chosenFiles: options.chosenFiles,
    freeMemory: options.freeMemory,
    detectGpus: onceOnly(options.detectGpus ?? detectGpus),
    openFolder: options.openFolder,
  }
  // Project jobs run model jobs through the contract, exactly as any other client would.
  const client: StudioClient = {
    call: (name, input) => callDirect(handlers, name, input) as never,
    on: (event, listener) => events.on(event, listener),
  }
  const printer = options.pdfPrinter ?? createChromiumPrinter()
  const projects = new OpenProjects(new ProjectStore(options.dataDir), (id, revision) => events.emit('projects.changed', { id, revision }))
  const handlers: Handlers = {
    ...createJobsHandlers(deps),
    ...createPacksHandlers(deps),
    ...createProjectsHandlers(deps, client, printer, projects),
    ...createTextHandlers(deps),
    ...createImageHandlers(deps),
    ...createScenesHandlers(deps),
    ...createBookHandlers(deps, printer),
    ...createSettingsHandlers(deps, engineSettingsFile, engineSettings),
  }
  return {
    ...deps,
    handlers,
    // Direct calls are parsed exactly like calls from any other transport.
    ...client,
    // Edits not yet autosaved are written before the studio goes.
    close: async () => {
      await projects.flushAll()
      await Promise.all([deps.engine.dispose(), deps.offThread.close()])
    },
  }
}

/** The GPUs of a machine do not change while it runs: listed once, when first needed (a failed listing finds none). */
function onceOnly(detect: DetectGpus): DetectGpus {
  let listed: ReturnType<DetectGpus> | null = null
  return () => (listed ??= detect().catch(() => []))
}
