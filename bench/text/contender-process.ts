/** Runs one text benchmark peer in this process: a warm-up run, then one measured run, sent back. */
import { peers, type PeerKind } from './contenders'

const [kind, dir] = process.argv.slice(2) as [PeerKind, string]
const peer = await peers[kind](dir)
await peer.run()
process.send!(await peer.run())
await peer.close()
