import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Moderate by axe's measure, but they leave a screen reader's landmark list unusable. */
const alsoRequired = new Set(['landmark-unique']);

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations (and duplicate landmark names), one
 * readable line per element (rule, impact, help text, CSS target), so a failing test names them.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  // Evaluated over the DevTools protocol: the site's CSP (script-src 'self') stays as it is.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  // `within`: a CSS selector, to check one part of the page (a section a test is about).
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context: Document | Element, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(selector ? document.querySelector(selector)! : document, { resultTypes: ['violations'] });
    return result.violations;
  }, within ?? null);
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical' || alsoRequired.has(violation.id))
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      ),
    );
}
