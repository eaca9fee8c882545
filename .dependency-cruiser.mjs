/**
 * The layering rules, written down once; `npm run lint` enforces them (and
 * test/architecture/layers.test.ts proves each rule catches what it is for).
 *
 *   src/shared                 contract, errors, pack manifest: runs anywhere
 *   src/main/formats           reading exports without running them (pure; no onnxruntime)
 *   src/main/web               what both the app shell and the studio server serve (CSP, files)
 *   src/main/inference         the inference process: sessions, engines, their methods
 *   src/main/studio/<domain>   studio-side domains: packs, scenes, book, projects, storage
 *   src/main/studio/inference-client, src/main/studio/core   the studio: jobs, handlers, the inference client
 *   src/main/{cli,server,shell}, src/main/index.ts           entry points over the studio
 *   src/preload, src/renderer  the window
 *
 * Imports point down only. The studio knows the inference process's method signatures
 * (`import type`, erased at build) but never loads its code, nor onnxruntime.
 */
const entryPoints = '^src/main/(cli|server|shell)/|^src/main/index\\.ts$'
const studioDomains = '^src/main/studio/(packs|scenes|book|projects|storage)/'

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle ties modules together so neither can change or load alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-runs-anywhere',
      comment: 'src/shared is loaded by the window too: it may import nothing of main, preload or renderer.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(main|preload|renderer)/' },
    },
    {
      name: 'formats-are-pure',
      comment: 'Reading exports without running them: only shared and other formats code.',
      severity: 'error',
      from: { path: '^src/main/formats/' },
      to: { path: '^src/main/(?!formats/)|onnxruntime' },
    },
    {
      name: 'web-is-a-leaf',
      comment: 'What the shell and the server both serve: only shared code below it.',
      severity: 'error',
      from: { path: '^src/main/web/' },
      to: { path: '^src/main/(?!web/)' },
    },
    {
      name: 'inference-loads-no-studio',
      comment: 'The inference process runs formats and shared code, never the studio or an entry point.',
      severity: 'error',
      from: { path: '^src/main/inference/' },
      to: { path: '^src/main/(studio|web|cli|server|shell)/|^src/main/index\\.ts$' },
    },
    {
      name: 'studio-loads-no-inference',
      comment: 'The studio reaches the inference process through messages; it may only name its types.',
      severity: 'error',
      from: { path: '^src/main/(studio|cli|server|shell|web)/|^src/main/index\\.ts$' },
      to: { path: '^src/main/inference/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'onnxruntime-only-in-inference',
      comment: 'onnxruntime runs models in the inference process and nowhere else.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/inference/' },
      to: { path: 'onnxruntime-(node|common|web)' },
    },
    {
      name: 'domains-below-core',
      comment: 'Packs, scenes, book, projects and storage are used by the studio core, never the reverse.',
      severity: 'error',
      from: { path: studioDomains },
      to: { path: '^src/main/studio/(core|inference-client)/' },
    },
    {
      name: 'inference-client-below-core',
      comment: 'The inference client serves the core; it knows nothing of jobs or handlers.',
      severity: 'error',
      from: { path: '^src/main/studio/inference-client/' },
      to: { path: '^src/main/studio/(?!inference-client/)' },
    },
    {
      name: 'nothing-imports-entry-points',
      comment: 'Entry points sit on top: the studio and everything below never import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: entryPoints },
      to: { path: entryPoints },
    },
    {
      name: 'entry-points-apart',
      comment: 'The shell, the command line and the server are separate programs (serve starts the server).',
      severity: 'error',
      from: { path: '^src/main/(shell|server)/|^src/main/index\\.ts$' },
      to: { path: '^src/main/cli/' },
    },
    {
      name: 'electron-only-in-the-shell',
      comment: 'Engine and studio code is plain Node: only the shell and the preload import electron, even as types.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/shell/|^src/main/index\\.ts$|^src/preload/' },
      to: { path: '^(node_modules/)?electron(/|$)' },
    },
    {
      name: 'runs-without-dev-dependencies',
      comment: 'The command line and the studio server run from source with production dependencies only (npm ci --omit=dev); the bundled app shell may use build-time ones.',
      severity: 'error',
      from: { path: '^src/(shared|main)/', pathNot: '^src/main/shell/|^src/main/index\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'window-code-stays-in-the-window',
      comment: 'The renderer and preload reach the studio only through the contract.',
      severity: 'error',
      from: { path: '^src/(renderer|preload)/' },
      to: { path: '^src/main/' },
    },
    {
      name: 'renderer-only-preload-types',
      comment: 'The renderer is sandboxed: it may name the preload API types, never load it.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/preload/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.vue', '.mjs', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
