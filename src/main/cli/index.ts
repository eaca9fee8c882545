import { buildProgram } from './program'
import { CliSession } from './session'
import { openPackRegistry } from '../studio/packs/open-registry'

const session = new CliSession(openPackRegistry)
await buildProgram(session).parseAsync(process.argv)
