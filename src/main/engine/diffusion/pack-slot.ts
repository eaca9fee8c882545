import { join } from 'node:path'
import type { ProviderPreference } from '../runtime/execution-providers'
import { ClipTokenizer } from './clip-tokenizer'
import { openImagePack, type ImagePack } from './pack/image-pack'

interface Entry {
  dir: string
  provider: ProviderPreference
  pack: Promise<ImagePack>
  /** Renders using the pack right now; its sessions are released only once they are done. */
  users: number
  retired: boolean
}

/**
 * The inference worker keeps the sessions of one image pack: the one last used. Switching to
 * another pack (or provider) retires the current sessions, released as soon as no render uses
 * them, so two Stable Diffusion models never sit in memory together.
 */
export class ImagePackSlot {
  private current: Entry | null = null
  private lastTokenizer: { dir: string; tokenizer: Promise<ClipTokenizer> } | null = null

  /** Runs `work` with the pack of `dir`, opening it first when needed. */
  async use<T>(dir: string, provider: ProviderPreference, work: (pack: ImagePack, loadedNow: boolean) => Promise<T>): Promise<T> {
    let entry = this.current
    let loadedNow = false
    if (!entry || entry.dir !== dir || entry.provider !== provider) {
      // The old sessions go first (when idle), so two models are never loaded at once.
      const retired = entry ? this.retire(entry) : Promise.resolve()
      entry = { dir, provider, pack: retired.then(() => openImagePack(dir, { provider })), users: 0, retired: false }
      this.current = entry
      loadedNow = true
    }
    entry.users += 1
    try {
      const pack = await entry.pack.catch((error: unknown) => {
        // A failed load is forgotten: the next render tries again.
        if (this.current === entry) this.current = null
        throw error
      })
      return await work(pack, loadedNow)
    } finally {
      entry.users -= 1
      if (entry.retired && entry.users === 0) await releaseEntry(entry)
    }
  }

  /** The CLIP tokenizer of `dir`, without loading its models when they are not open. */
  async tokenizer(dir: string): Promise<ClipTokenizer> {
    if (this.current?.dir === dir) {
      const pack = await this.current.pack.catch(() => null)
      if (pack) return pack.tokenizer
    }
    if (this.lastTokenizer?.dir !== dir) this.lastTokenizer = { dir, tokenizer: ClipTokenizer.load(join(dir, 'tokenizer')) }
    const entry = this.lastTokenizer
    return entry.tokenizer.catch((error: unknown) => {
      if (this.lastTokenizer === entry) this.lastTokenizer = null
      throw error
    })
  }

  /** Releases the sessions of `dir` (switched away from or removed), once no render uses them. */
  async releaseDir(dir: string): Promise<void> {
    if (this.lastTokenizer?.dir === dir) this.lastTokenizer = null
    if (this.current?.dir !== dir) return
    const entry = this.current
    this.current = null
    await this.retire(entry)
  }

  private retire(entry: Entry): Promise<void> {
    entry.retired = true
    return entry.users === 0 ? releaseEntry(entry) : Promise.resolve()
  }
}

async function releaseEntry(entry: Entry): Promise<void> {
  await entry.pack.then((pack) => pack.release()).catch(() => {})
}
