/**
 * The member's web page (/accounting) in a real browser: Debian's Chromium driven by playwright-core. The member
 * opens the link the portal gives (token in the URL fragment), sees their entries, prints to PDF; another member's
 * accounting is refused; axe-core finds no accessibility violation; nothing but our own origin is ever contacted
 * and no cookie is set. A screenshot is kept in test-artifacts/ for people to look at.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { pdfText } from '../support/pdf.js';
import { ARTIFACTS, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { OFFICE_ENV, recordReportMember, REPORT_MEMBER } from './report-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-page-'));
let server: RunningServer;
let browser: Browser;
let member: string;

beforeAll(async () => {
  server = await startServer({ ...OFFICE_ENV, LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  member = await issueLocalToken(dir, { subject: REPORT_MEMBER, roles: ['member'] });
  await recordReportMember(server.base, await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] }));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const open = (path: string) => openPage(browser, `${server.base}${path}`);

describe('the /accounting page, as a member opens it from the portal', () => {
  it('shows every entry, drops the token from the address bar, contacts only us, sets no cookie, and passes axe-core', async () => {
    const { context, page, requested, cspViolations } = await open(`/accounting#access_token=${member}`);
    await page.getByRole('table').first().waitFor();
    for (const name of ['State Dept. of Health', 'County Court', 'State Cancer Registry', 'Diabetes Outcomes Study'])
      expect(await page.getByText(name).count()).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toBe('Accounting of disclosures of your health information');
    expect(page.url()).toBe(`${server.base}/accounting`); // the fragment (the token) is gone
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.locator('th[scope="col"]').count()).toBeGreaterThanOrEqual(4);
    expect(requested.every((u) => u.startsWith(server.base))).toBe(true);
    expect(await context.cookies()).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'accounting-page.png'), fullPage: true });
    await context.close();
  });

  it('is usable by keyboard: Tab reaches Print, then Download PDF, which downloads the PDF', async () => {
    const { context, page } = await open(`/accounting#access_token=${member}`);
    await page.getByRole('table').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('print');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('pdf');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await (await download).path();
    expect(pdfText(readFileSync(file))).toContain('State Cancer Registry');
    await context.close();
  });

  it('shows the access report below the accounting on request, focused, with every disclosure, and passes axe-core', async () => {
    const { context, page, requested, cspViolations } = await open(`/accounting#access_token=${member}`);
    await page.getByRole('table').first().waitFor();
    await page.getByRole('button', { name: 'Who has used or received my information' }).click();
    const heading = page.getByRole('heading', { name: 'Who has used or received your health information' });
    await heading.waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('access-heading');
    // the fixture's disclosures are older than three years only in part: those in the period are listed
    expect(await page.locator('#access-listed').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="access-heading"] tbody tr.disclosure').count()).toBeGreaterThan(
      0,
    );
    expect(await page.getByRole('button', { name: 'Who has used or received my information' }).count()).toBe(0);
    expect(requested.every((u) => u.startsWith(server.base))).toBe(true);
    expect(cspViolations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'accounting-page-access-report.png'), fullPage: true });
    await context.close();
  });

  it('prints to PDF with every entry and without the buttons (print styles)', async () => {
    const { context, page } = await open(`/accounting#access_token=${member}`);
    await page.getByRole('table').first().waitFor();
    const pdf = await page.pdf({ format: 'Letter' });
    writeFileSync(join(ARTIFACTS, 'accounting-page-print.pdf'), pdf);
    const text = pdfText(pdf);
    for (const name of ['State Dept. of Health', 'County Court', 'State Cancer Registry']) expect(text).toContain(name);
    expect(text).not.toContain('Download PDF');
    await context.close();
  });

  it('reads Spanish when the page is asked for it, and passes axe-core there too', async () => {
    const { context, page } = await open(`/accounting?lang=es#access_token=${member}`);
    await page.getByRole('table').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('Registro de divulgaciones de su información de salud');
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("refuses another member's accounting (403), saying why, and shows no entry", async () => {
    const { context, page } = await open(`/accounting#access_token=${member}&member=M-SOMEONE-ELSE`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/only your own accounting/);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('without a token asks the member to sign in through the portal', async () => {
    const { context, page } = await open('/accounting');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/member portal/);
    await context.close();
  });

  it('is served with a strict CSP, no referrer, no caching, and never with the token in a query string', async () => {
    const res = await fetch(`${server.base}/accounting`);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).not.toMatch(/<script>|https?:\/\//);
  });
});
