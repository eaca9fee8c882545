/**
 * `npm run bench -- <name> [args]` runs bench/<name>.ts, whose default export takes the remaining
 * arguments. Benchmarks print JSON lines: figures and ratios against a peer or a raw baseline
 * measured in the same run.
 */
import { readdirSync } from 'node:fs'

const [name, ...args] = process.argv.slice(2)
const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3))

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`)
  process.exit(2)
}
const benchmark = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<void> }
await benchmark.default(args)
