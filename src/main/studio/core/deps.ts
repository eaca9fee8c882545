import type { EngineClient } from '../inference-client/engine-client'
import type { PackRegistry } from '../packs/registry'
import type { PackResolver } from '../packs/resolver'
import type { EventBus } from './event-bus'
import type { JobManager } from './jobs'

/** What handler modules receive from the studio; nothing global, so tests build their own. */
export interface StudioDeps {
  events: EventBus
  jobs: JobManager
  engine: EngineClient
  packs: PackResolver
  /** The pack registry, when the studio manages installed packs (null over fixed folders). */
  registry: PackRegistry | null
  /** The user's data folder (projects, installed packs, settings). */
  dataDir: string
}

/** Jobs that use the inference process share one lane: one model run at a time. */
export const ENGINE_LANE = 'engine'
