import type { EngineClient } from '../inference-client/engine-client'
import type { OffThread } from './off-thread/off-thread'
import type { FreeMemoryProbe } from '../packs/render-budget'
import type { PackRegistry } from '../packs/registry'
import type { PackResolver } from '../packs/resolver'
import type { DetectGpus } from '../settings/gpu-devices'
import type { EventBus } from './event-bus'
import type { JobManager } from './jobs'

/** What handler modules receive from the studio; nothing global, so tests build their own. */
export interface StudioDeps {
  events: EventBus
  jobs: JobManager
  engine: EngineClient
  /** Scene and layout work, run off the thread that serves requests. */
  offThread: OffThread
  packs: PackResolver
  /** The pack registry, when the studio manages installed packs (null over fixed folders). */
  registry: PackRegistry | null
  /** The user's data folder (projects, installed packs, settings). */
  dataDir: string
  /**
   * Where outputs may be written, when limited (the studio server: the data folder and the
   * folders its owner chose). Undefined: wherever the person's own command says.
   */
  writableFolders?: readonly string[]
  /** Files the person chose in a save dialog (the app), writable wherever they are; asked at each check. */
  chosenFiles?: () => readonly string[]
  /** Free memory, for the budget every image run is checked against (default: the system's). */
  freeMemory?: FreeMemoryProbe
  /** Lists this machine's GPUs (tests inject a list: no GPU can be counted on there). */
  detectGpus: DetectGpus
  /** Shows a folder in the system's file manager, where the host can (the desktop app). */
  openFolder?: (path: string) => Promise<void>
}

/** Jobs that use the inference process share one lane: one model run at a time. */
export const ENGINE_LANE = 'engine'
