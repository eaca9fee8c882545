import { buildProgram } from './program'
import { CliSession } from './session'

const session = new CliSession()
await buildProgram(session).parseAsync(process.argv)
