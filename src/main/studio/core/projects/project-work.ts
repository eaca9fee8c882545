import type { StudioClient } from '../../../../shared/client'
import type { PackResolver } from '../../packs/resolver'
import type { EngineClient } from '../../inference-client/engine-client'

/** What work on a project needs: the contract (for model jobs) and the packs and engine (for records and memory). */
export interface ProjectWorkDeps {
  client: StudioClient
  packs: PackResolver
  engine: EngineClient
}
