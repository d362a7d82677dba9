/**
 * The browser suites' shared pieces: Debian's Chromium driven by playwright-core (`.ci/run` installs it;
 * CHROMIUM_PATH overrides), a page opened with every URL it asks for and every Content-Security-Policy report
 * recorded, and axe-core run inside it. Screenshots and printed pages go to ARTIFACTS.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const ARTIFACTS = 'test-artifacts';

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Opens `url` in a fresh context (no cookies, downloads allowed), recording requests and CSP reports. */
export async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requested: string[] = [];
  const cspViolations: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(url);
  return { context, page, requested, cspViolations };
}

/** axe-core's violations for the page as it is now (evaluated by the driver: the page's CSP does not block it). */
export async function axeViolations(page: Page): Promise<unknown[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
}
