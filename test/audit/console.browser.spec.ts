/**
 * The audit console (/audit) in Debian's Chromium (playwright-core): an auditor searches with filters, pages,
 * downloads the CSV, sees totals as a chart and a table, and the privacy office's lists (incidents, business
 * associates, overdue requests); axe-core finds no violation; nothing but our origin is contacted; a member's token
 * is refused. A screenshot is kept in test-artifacts/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { ARTIFACTS, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

const N = 60;

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-console-'));
let server: RunningServer;
let browser: Browser;
const token: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  token.auditor = await issueLocalToken(dir, { subject: 'au-1', roles: ['auditor'] });
  token.office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
  token.member = await issueLocalToken(dir, { subject: 'M-C1', roles: ['member'] });
  const recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  const post = async (bearer: string, path: string, body: unknown) => {
    const res = await callApi(server.base, 'POST', path, bearer, body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { position: number };
  };
  await post(token.office, '/v1/business-associates', { associateId: 'BA-1', name: 'PBM Inc.', services: 'claims' });
  const items = Array.from({ length: N }, (_, i) => ({
    disclosureId: `C-${i}`,
    memberId: `M-C${i % 5}`,
    occurredAt: `2025-0${1 + (i % 6)}-15T15:00:00Z`,
    recipient: i % 3 ? { name: 'State Dept. of Health', id: 'PHA-1' } : { name: 'City Police', id: 'PD-1' },
    channel: i % 3 ? 'government' : 'legal',
    phiDescription: 'claims',
    purpose: 'reporting',
    legalBasis: i % 3 ? { cfr: '164.512(b)(1)(i)', permitted: true } : { cfr: '164.512(f)(1)', permitted: true },
  }));
  await post(recorder, '/v1/disclosure-batches', { items });
  await post(recorder, '/v1/disclosures', {
    ...items[1],
    disclosureId: 'C-pixel',
    recipient: { name: 'Ad Network', id: 'ADS' },
    channel: 'tracking-technology',
    legalBasis: { cfr: null, permitted: false },
  });
  await post(token.office, '/v1/incidents', {
    incidentId: 'INC-1',
    title: 'Pixel on the portal',
    discoveredOn: '2025-03-01',
    disclosureIds: ['C-pixel'],
  });
  // a use of a VIP's record: a snooping signal
  await post(token.office, '/v1/members/M-VIP/privacy-profiles', { profileId: 'PP-VIP', vip: true });
  await post(recorder, '/v1/uses', {
    useId: 'U-VIP',
    memberId: 'M-VIP',
    occurredAt: '2025-01-02T15:00:00Z',
    actor: { id: 'W-CURIOUS', name: 'Curious Clerk', role: 'clerk' },
    action: 'view',
    phiDescription: 'Claim detail',
    context: { kind: 'ticket', id: 'T-1' },
  });
  const last = await post(token.office, '/v1/accounting-requests', {
    requestId: 'REQ-LATE',
    memberId: 'M-C1',
    requester: { type: 'self' },
    receivedAt: '2025-01-02T15:00:00Z',
  });
  await callApi(server.base, 'GET', `/v1/audit/disclosures?limit=1&minPosition=${last.position}`, token.auditor);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function open(bearer: string) {
  const { cspViolations: csp, ...rest } = await openPage(browser, `${server.base}/audit#access_token=${bearer}`);
  return { ...rest, csp };
}

const rows = (page: Page, section: string) => page.locator(`#${section} tbody tr`);

describe('the audit console, as an auditor opens it', () => {
  it('searches, pages, shows totals and the office’s lists; contacts only us; passes axe-core', async () => {
    const { context, page, requested, csp } = await open(token.auditor);
    await page.locator('#results table').waitFor();
    expect(await rows(page, 'results').count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('(next page)').waitFor();
    expect(await rows(page, 'results').count()).toBe(N + 1 - 50);

    await page.locator('#f-recipient').fill('city');
    await page.locator('#f-channel').selectOption('legal');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText(`${N / 3} disclosures`).waitFor();
    expect(await rows(page, 'results').count()).toBe(N / 3);

    await page.locator('#totals-out svg[role="img"]').waitFor();
    expect(await page.locator('#totals-out svg title').textContent()).toMatch(/^Disclosures by channel: 61/);
    await page.locator('#groupBy').selectOption('channel,month');
    await page.getByRole('button', { name: 'Show totals' }).click();
    await page.locator('#totals-out caption', { hasText: 'Disclosures by channel and month: 61' }).waitFor();
    expect(await rows(page, 'totals-out').count()).toBeGreaterThan(1);

    await page.locator('#incidents-out table').waitFor();
    expect(await rows(page, 'incidents-out').first().textContent()).toContain('INC-1');
    expect(await rows(page, 'associates-out').first().textContent()).toContain('PBM Inc.');
    expect(await rows(page, 'overdue-out').first().textContent()).toContain('REQ-LATE');
    expect(await rows(page, 'anomalies-out').first().textContent()).toMatch(
      /VIP_RECORD.*Curious Clerk.*M-VIP.*U-VIP view/,
    );

    expect(page.url()).toBe(`${server.base}/audit`);
    expect(requested.every((u) => u.startsWith(server.base))).toBe(true);
    expect(await context.cookies()).toEqual([]);
    expect(csp).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'audit-console.png'), fullPage: true });
    await context.close();
  });

  it('downloads the search as CSV, every row', async () => {
    const { context, page } = await open(token.auditor);
    await page.locator('#results table').waitFor();
    await page.locator('#f-channel').selectOption('government');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = parse<Record<string, string>>(readFileSync(await (await download).path(), 'utf8'), { columns: true });
    expect(csv).toHaveLength((N * 2) / 3);
    expect(new Set(csv.map((r) => r.channel))).toEqual(new Set(['government']));
    await context.close();
  });

  it('refuses a member (403), saying why, and shows no disclosure', async () => {
    const { context, page } = await open(token.member);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByRole('alert').first().textContent()).toMatch(/needs one of the roles/);
    expect(await page.locator('#results table').count()).toBe(0);
    await context.close();
  });

  it('is served with a strict CSP and no caching', async () => {
    const res = await fetch(`${server.base}/audit`);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
