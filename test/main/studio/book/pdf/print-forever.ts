/**
 * Starts a print that never finishes (its page never loads), for a test that kills this process
 * mid-print. Run with TMPDIR set to the folder the test watches.
 */
import { createChromiumPrinter } from '../../../../../src/main/studio/book/pdf/chromium-printer'

const neverLoads = '<!doctype html><html><body><p>Printing…</p><script>for (;;) {}</script></body></html>'
await createChromiumPrinter().print(neverLoads)
