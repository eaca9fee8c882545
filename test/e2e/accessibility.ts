import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One serious or critical accessibility problem, as axe-core names it. */
export interface AxeProblem {
  rule: string
  impact: string
  targets: string[]
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page and returns its serious and critical
 * violations. The script is evaluated through the debugging protocol, which the page's
 * Content-Security-Policy does not apply to. The book preview iframe is sandboxed without
 * scripts, so axe cannot run inside it; it shows the printed book, not the studio's controls.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(`axe.run(document, {
    iframes: false,
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }).then((results) => results.violations)`)) as { id: string; impact: string; nodes: { target: unknown }[] }[]
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => String(node.target)) }))
}
