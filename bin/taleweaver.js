#!/usr/bin/env node
// The command line runs straight from the TypeScript sources, so it works right after `npm ci`.
import { register } from 'tsx/esm/api'

register()
await import('../src/main/cli/index.ts')
