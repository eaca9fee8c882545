import { freemem, totalmem } from 'node:os'
import { basename, isAbsolute } from 'node:path'
import { ContractError } from '../../../../shared/errors'
import { downloadPack } from '../../packs/download-pack'
import { importPack } from '../../packs/import-pack'
import type { InstallContext, InstalledPack } from '../../packs/install-pack'
import { estimatePackFit } from '../../packs/pack-fit'
import { readManifest } from '../../packs/pack-folder'
import { recordVariant } from '../../packs/record-variant'
import { summarize, type PackRegistry } from '../../packs/registry'
import { verifyPack } from '../../packs/verify-pack'
import { requireAbsolutePath } from '../../storage/absolute-path'
import { ENGINE_LANE, type StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

type PackCalls = 'packs.fit' | 'packs.list' | 'packs.show' | 'packs.use' | 'packs.import' | 'packs.download' | 'packs.verify' | 'packs.optimize' | 'packs.remove'

/** Imports and downloads run one at a time, beside (not behind) model runs. */
const PACKS_LANE = 'packs'

/**
 * The packs domain: listing, switching, installing and removing packs. Model files are
 * inspected in the inference process, and switching or removing a pack releases the sessions
 * the engines keep for it there. Needs the real registry; a studio built over a fixed set of
 * folders (tests) answers these calls with `unsupported`.
 */
export function createPacksHandlers(deps: StudioDeps): Pick<Handlers, PackCalls> {
  const { registry } = deps

  const need = (): PackRegistry => {
    if (!registry) throw new ContractError('unsupported', 'This studio was opened over fixed pack folders; packs cannot be managed here.')
    return registry
  }
  // Sessions exist only in a running inference process: without one, switching or removing starts none.
  const release = async (dir: string) => {
    if (deps.engine.started) await deps.engine.run('packs.release', { dir })
  }

  /** The folder of the text pack a pack id or path names; bundled packs are read-only. */
  const optimizableFolder = async (pack: string): Promise<string> => {
    let dir = pack
    if (!isAbsolute(pack)) {
      const entry = await need().get(pack)
      if (entry.bundled) throw new ContractError('unsupported', `${pack} is bundled with the app and read-only; import a copy of it to optimize it.`)
      dir = entry.dir
    }
    const { kind, id } = await readManifest(dir)
    if (kind !== 'text') throw new ContractError('unsupported', `${id} is an ${kind} pack; only text packs can be optimized.`)
    return dir
  }

  /** Runs an install as a job and reports the new pack as it is listed. */
  const installJob = (call: 'packs.import' | 'packs.download', title: string, install: (context: InstallContext) => Promise<InstalledPack>) => {
    const packs = need()
    return deps.jobs.start(call, {
      kind: call === 'packs.import' ? 'import' : 'download',
      title,
      lane: PACKS_LANE,
      run: async ({ signal, progress }) => {
        const { entry, notices } = await install({ registry: packs, inspect: packs.inspect, signal, progress })
        const active = await packs.active()
        deps.events.emit('packs.changed', { active })
        return { pack: summarize(entry, active), notices }
      },
    })
  }

  return {
    'packs.fit': async ({ id }) => {
      const pack = await need().resolve((await need().get(id)).manifest.kind, id)
      const plan = await deps.engine.run('packs.plan', { dir: pack.dir, kind: pack.kind, weights: pack.weights })
      const freeBytes = (deps.freeMemory ?? freemem)()
      return estimatePackFit(pack, plan, { totalBytes: totalmem(), freeBytes, gpus: await deps.detectGpus() })
    },
    'packs.list': async () => need().list(),
    'packs.show': async ({ id }) => need().details(id),
    'packs.use': async ({ id, weights }) => {
      const { active, previous } = await need().use(id, weights)
      deps.events.emit('packs.changed', { active })
      if (previous) await release(previous.dir)
      return active
    },
    'packs.import': async ({ path }) => {
      const source = requireAbsolutePath(path, 'the pack folder or archive')
      return installJob('packs.import', `Import ${basename(source)}`, (context) => importPack(source, context))
    },
    'packs.download': async ({ repo, revision, variant, token }) =>
      installJob('packs.download', `Download ${repo}`, (context) => downloadPack({ repo, revision, variant, token }, context)),
    'packs.verify': async ({ id }) => verifyPack(await need().get(id)),
    'packs.optimize': async ({ pack, weights }) => {
      const dir = await optimizableFolder(pack)
      // On the engine lane: the speed figures must not share the CPU with a story being written.
      return deps.jobs.start('packs.optimize', {
        kind: 'optimize',
        title: `Optimize ${basename(dir)} (${weights})`,
        lane: ENGINE_LANE,
        run: async ({ signal, progress }) => {
          const result = await deps.engine.run('packs.optimize', { dir, weights }, { signal, onEvent: (event) => progress(event) })
          const { warning, ...variant } = result
          await recordVariant(dir, variant, signal, (step, total) => progress({ stage: 'hash', step, total }))
          return { path: dir, variant, warning }
        },
      })
    },
    'packs.remove': async ({ id }) => {
      const packs = need()
      const entry = await packs.get(id)
      // Sessions first: an open model file cannot be deleted everywhere (Windows).
      if (!entry.bundled) await release(entry.dir)
      const { active } = await packs.remove(id)
      deps.events.emit('packs.changed', { active })
      return { removed: true, active }
    },
  }
}
