import { Command } from 'commander'
import type { RegisterCommand } from './command'
import { registerBook } from './commands/book'
import { registerGenerate } from './commands/generate'
import { registerIllustrate } from './commands/illustrate'
import { registerPacks } from './commands/packs'
import { registerProject } from './commands/project'
import { registerScenes } from './commands/scenes'
import { registerServe } from './commands/serve'
import { registerStory } from './commands/story'
import { registerTokenize } from './commands/tokenize'
import { registerUpscale } from './commands/upscale'
import type { CliSession } from './session'

/** Every command of the command line, in the order `--help` lists them. */
const commands: RegisterCommand[] = [registerStory, registerProject, registerGenerate, registerTokenize, registerIllustrate, registerUpscale, registerScenes, registerBook, registerPacks, registerServe]

export function buildProgram(session: CliSession): Command {
  const program = new Command('taleweaver')
    .description('Continue a story, illustrate its key scenes and lay it out as a storybook, on your own machine.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') })
  for (const register of commands) register(program, session)
  return program
}
