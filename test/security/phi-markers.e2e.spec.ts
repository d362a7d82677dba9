/**
 * No PHI in logs, metrics or error bodies: requests carry a planted marker in every field that holds PHI (member ids,
 * names, addresses, descriptions, purposes, query strings, paths), valid and invalid, with the most verbose logging
 * (field names are the schema's, not PHI: an unknown field is named in the problem so that the caller can drop it);
 * afterwards the marker appears in no log line, no metric and no error body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { startServer, type RunningServer } from '../support/server.js';

const MARK = 'PHIMARK7391';
const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-markers-'));
let server: RunningServer;
let recorder: string;
let auditor: string;
const errorBodies: string[] = [];

beforeAll(async () => {
  server = await startServer({
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_LOG_LEVEL: 'trace',
  });
  recorder = await issueLocalToken(dir, { subject: 'svc', roles: ['recorder'] });
  auditor = await issueLocalToken(dir, { subject: 'au', roles: ['auditor'] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function send(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) errorBodies.push(text);
  return res.status;
}

const disclosure = (id: string, over: Record<string, unknown> = {}) => ({
  disclosureId: id,
  memberId: `M-${MARK}`,
  occurredAt: '2024-05-01T15:00:00Z',
  recipient: { name: `Dr. ${MARK}`, address: `1 ${MARK} Street`, id: 'PHA-1' },
  channel: 'government',
  phiDescription: `Diagnosis ${MARK}`,
  purpose: `Reporting ${MARK}`,
  legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
  ...over,
});

describe('a planted marker in every PHI field', () => {
  it('is recorded and read without appearing in logs, metrics or error bodies', async () => {
    expect(await send('POST', '/v1/disclosures', recorder, disclosure('MK-1'))).toBe(201);
    // invalid fields holding the marker
    expect(await send('POST', '/v1/disclosures', recorder, disclosure('MK-2', { purposeOfUse: `bad ${MARK}` }))).toBe(
      400,
    );
    expect(
      await send('POST', '/v1/disclosures', recorder, disclosure('MK-3', { recipient: { name: MARK.repeat(40) } })),
    ).toBe(400);
    expect(await send('POST', '/v1/disclosures', recorder, disclosure('MK-4', { fax: MARK }))).toBe(400);
    expect(await send('POST', '/v1/disclosures', recorder, disclosure(`bad id ${MARK}`))).toBe(400);
    // the same id with another body; a disclosure for an unknown target; a custody claim refused
    expect(await send('POST', '/v1/disclosures', recorder, disclosure('MK-1', { purpose: `Other ${MARK}` }))).toBe(409);
    expect(
      await send(
        'POST',
        '/v1/disclosures',
        recorder,
        disclosure('MK-5', { legalBasis: { cfr: '164.512(k)(5)', permitted: true } }),
      ),
    ).toBe(422);
    // paths and query strings holding the marker
    expect(await send('GET', `/v1/members/M-${MARK}/accounting`, recorder)).toBe(403);
    expect(await send('GET', `/v1/members/M-${MARK}/nothing-${MARK}`, auditor)).toBe(404);
    expect(await send('DELETE', `/v1/members/M-${MARK}/accounting`, auditor)).toBe(405);
    expect(await send('GET', `/v1/audit/disclosures?recipient=${MARK}&memberId=M-${MARK}`, auditor)).toBe(200);
    expect(await send('GET', `/v1/audit/disclosures?memberId=${MARK}!`, auditor)).toBe(400);
    expect(await send('GET', `/v1/members/M-${MARK}/accounting?requester=${MARK}&minPosition=1`, auditor)).toBe(200);

    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    await new Promise((r) => setTimeout(r, 200)); // let the last log lines be written
    expect(errorBodies.length).toBeGreaterThanOrEqual(9);
    expect(errorBodies.filter((b) => b.includes(MARK))).toEqual([]);
    expect(metrics.includes(MARK)).toBe(false);
    expect(server.logs().length).toBeGreaterThan(0);
    expect(
      server
        .logs()
        .split('\n')
        .filter((line) => line.includes(MARK)),
    ).toEqual([]);
  });
});
