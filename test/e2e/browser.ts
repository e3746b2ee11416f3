// A real browser for the console's end-to-end tests: Debian's Chromium (installed by
// tools/browser/ensure-chromium.sh when missing; no browser is downloaded) driven by Playwright.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = resolve(__dirname, '..', '..');
/** Screenshots a reviewer can look at (not committed). */
export const SCREENSHOTS = resolve(root, '.accord', 'screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Builds the console when its sources are newer than dist/console (a no-op after `npm run build`). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [resolve(root, 'tools/console-build.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = execFileSync('bash', [resolve(root, 'tools/browser/ensure-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}

export interface PersonOptions {
  readonly locale?: 'en-GB' | 'cy-GB';
  readonly phone?: boolean;
}

/** A person's own browser window: a context of its own (cookies, storage), at desktop or phone width. */
export async function openAs(
  browser: Browser,
  options: PersonOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: options.phone ? { width: 375, height: 812 } : { width: 1280, height: 900 },
    // Lets the accessibility engine be injected into pages that forbid inline scripts (CSP).
    bypassCSP: true,
  });
  const page = await context.newPage();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page against WCAG 2.0–2.2 A and AA; returns every violation. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // Runs in the page: written as a string, since this file is compiled without the DOM's types.
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id, impact, help, nodes: nodes.map((node) => ({ target: node.target })),
    }));
  })()`);
}
