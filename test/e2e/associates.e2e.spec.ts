/**
 * The business-associate register over HTTP: a disclosure to a registered associate is judged against the agreement
 * in effect when it happened (164.502(e), 164.504(e)); marketing through an advertising partner needs an authorization
 * (164.508(a)(3)); the audit list shows agreements about to lapse and disclosures made outside one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { callApi } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-associates-'));
let server: RunningServer;
const token: Record<string, string> = {};

const call = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) =>
  callApi(server.base, method, path, bearer, body);

const toPixel = (disclosureId: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
  disclosureId,
  memberId: 'M-BA1',
  occurredAt,
  recipient: { name: 'Pixel Analytics Inc.', id: 'BA-PIX' },
  channel: 'tracking-technology',
  phiDescription: 'portal page visited',
  purpose: 'site analytics',
  legalBasis: { cfr: '164.506(c)(4)', permitted: true },
  ...over,
});

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  token.office = await issueLocalToken(dir, { subject: 'po', roles: ['privacy-officer'] });
  token.recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  token.auditor = await issueLocalToken(dir, { subject: 'au', roles: ['auditor'] });
  expect(
    (
      await call('POST', '/v1/business-associates', token.office, {
        associateId: 'BA-PIX',
        name: 'Pixel Analytics Inc.',
        aliases: ['PixelCo'],
        services: 'web analytics on the member portal',
      })
    ).status,
  ).toBe(201);
  const agreement = {
    agreementId: 'BAA-1',
    signedOn: '2025-01-01',
    effectiveFrom: '2025-01-01',
    effectiveUntil: '2025-06-30',
  };
  expect((await call('POST', '/v1/business-associates/BA-PIX/agreements', token.office, agreement)).status).toBe(201);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('disclosures to a registered business associate', () => {
  it('within the agreement: permitted; after it: impermissible, NO_BUSINESS_ASSOCIATE_AGREEMENT, flagged', async () => {
    expect(
      await call('POST', '/v1/disclosures', token.recorder, toPixel('BA-D1', '2025-06-30T15:00:00Z')),
    ).toMatchObject({
      status: 201,
      body: { permitted: true, flags: [] },
    });
    expect(
      await call('POST', '/v1/disclosures', token.recorder, toPixel('BA-D2', '2025-07-01T15:00:00Z')),
    ).toMatchObject({
      status: 201,
      body: { permitted: false, flags: ['BREACH_ASSESSMENT_REQUIRED'] },
    });
  });

  it('marketing through an advertising partner without an authorization is impermissible', async () => {
    const ad = toPixel('BA-D3', '2025-03-01T15:00:00Z', { channel: 'advertising' });
    expect((await call('POST', '/v1/disclosures', token.recorder, ad)).body).toMatchObject({ permitted: false });
  });

  it('the audit list: the agreement about to lapse, and the disclosures made outside one', async () => {
    const list = await call(
      'GET',
      '/v1/audit/business-associates?lapsing-within=30&asOf=2025-06-15T12:00:00Z',
      token.auditor,
    );
    expect(list.status).toBe(200);
    expect(list.body.associates).toEqual([
      expect.objectContaining({
        associateId: 'BA-PIX',
        covered: true,
        lapsing: { agreementId: 'BAA-1', lastDay: '2025-06-30' },
        outsideAgreement: expect.objectContaining({ count: 2 }),
      }),
    ]);
    const findings = list.body.associates[0].outsideAgreement.disclosures.map(
      (d: { finding: string }) => d.finding.split(' ')[0],
    );
    expect(findings.sort()).toEqual(['MARKETING_NEEDS_AUTHORIZATION', 'NO_BUSINESS_ASSOCIATE_AGREEMENT']);
  });

  it('a renewal from the day after ends the lapse', async () => {
    const renewal = { agreementId: 'BAA-2', signedOn: '2025-06-01', effectiveFrom: '2025-07-01' };
    const res = await call('POST', '/v1/business-associates/BA-PIX/agreements', token.office, renewal);
    const list = await call(
      'GET',
      `/v1/audit/business-associates?lapsing-within=30&asOf=2025-06-15T12:00:00Z&minPosition=${res.body.position}`,
      token.auditor,
    );
    expect(list.body.associates[0].lapsing).toBeNull();
  });

  it('only the privacy office keeps the register', async () => {
    const body = { associateId: 'BA-X', name: 'X', services: 'x' };
    expect((await call('POST', '/v1/business-associates', token.recorder, body)).status).toBe(403);
    expect((await call('POST', '/v1/business-associates', token.auditor, body)).status).toBe(403);
  });
});
