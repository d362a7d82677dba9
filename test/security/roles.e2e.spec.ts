/**
 * The route × role matrix, generated from the OpenAPI document the service serves and compared with the route table
 * of docs/api.md: every route is in the table; every role the table does not list for a route gets 403 there; every
 * role it lists gets past the guard; a member reaches only their own records and a representative only a member they
 * represent; no route but the public ones answers without a token (401 with a Bearer challenge).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { NDJSON, STREAMED_ROUTES } from '../../src/http/limits.js';
import { routeTable, type RouteRow } from '../support/api-doc.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-roles-'));
let server: RunningServer;
const tokens = {} as Record<Role, string>;
const table = routeTable();

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  for (const role of ROLES)
    tokens[role] = await issueLocalToken(dir, { subject: role === 'member' ? 'M-OWN' : `S-${role}`, roles: [role] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A concrete path of the route: every id another member's (or an unknown record's). */
const concrete = (path: string, memberId = 'M-OTHER') =>
  path
    .replace('{memberId}', memberId)
    .replace('{position}', '1')
    .replace(/\{[A-Za-z]+\}/g, 'X-1');

async function call(
  row: Pick<RouteRow, 'method' | 'path'>,
  token: string | null,
  memberId?: string,
  body: unknown = {},
) {
  const res = await fetch(`${server.base}${concrete(row.path, memberId)}`, {
    method: row.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // a streamed route takes NDJSON: one line, the body as JSON
      ...(row.method === 'POST' ? { 'content-type': STREAMED_ROUTES.has(row.path) ? NDJSON : 'application/json' } : {}),
    },
    body: row.method === 'POST' ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: await res.text() };
}

describe('the route table (docs/api.md) is the OpenAPI document’s', () => {
  it('every operation served is in the table, and every row of the table is served', async () => {
    const doc = (await (await fetch(`${server.base}/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(table.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served.sort());
  });
});

describe('route × role', () => {
  const cells = table
    .filter((row) => !row.public)
    .flatMap((row) => ROLES.map((role) => [`${row.method} ${row.path}`, role, row] as const));

  /** Bodies that pass validation where a role's access depends on whose records the body names. */
  const bodyFor = (row: RouteRow, role: Role) =>
    row.path === '/v1/accounting-requests'
      ? { requestId: `Q-${role}`, memberId: 'M-OTHER', requester: { type: 'self' } }
      : {};

  it.each(cells)('%s as %s: 403 unless the table lists the role', async (_route, role, row) => {
    const res = await call(row, tokens[role], undefined, bodyFor(row, role));
    if (row.roles.includes(role)) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      // a role listed only for its own member (or one it represents) is refused on another member's records
      expect(res.status).toBe(403);
    }
    expect(res.status).toBeLessThan(500);
  });

  it.each(table.filter((row) => !row.public).map((row) => [`${row.method} ${row.path}`, row] as const))(
    '%s without a token: 401 with a Bearer challenge',
    async (_route, row) => {
      const res = await call(row, null);
      expect(res.status).toBe(401);
      expect(res.challenge).toBe('Bearer realm="phi-ledger"');
    },
  );

  it.each(table.filter((row) => row.public).map((row) => [`${row.method} ${row.path}`, row] as const))(
    '%s is public',
    async (_route, row) => {
      expect([401, 403]).not.toContain((await call(row, null)).status);
    },
  );
});

describe('own records and represented members', () => {
  const accounting = { method: 'GET', path: '/v1/members/{memberId}/accounting' };
  const filing = { method: 'POST', path: '/v1/accounting-requests' };

  beforeAll(async () => {
    const recorder = tokens.recorder;
    const res = await fetch(`${server.base}/v1/members/M-OWN/representatives`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
      body: JSON.stringify({ representativeId: 'R1', personId: 'S-representative', kind: 'guardian' }),
    });
    expect(res.status).toBe(201);
  });

  it('a member reads their own accounting, not another member’s', async () => {
    expect((await call(accounting, tokens.member, 'M-OWN')).status).toBe(200);
    expect((await call(accounting, tokens.member, 'M-OTHER')).status).toBe(403);
  });

  it('a member files a request for themself, not for another member', async () => {
    const own = { requestId: 'Q-own', memberId: 'M-OWN', requester: { type: 'self' } };
    expect((await call(filing, tokens.member, undefined, own)).status).toBe(201);
    expect(
      (await call(filing, tokens.member, undefined, { ...own, requestId: 'Q-other', memberId: 'M-OTHER' })).status,
    ).toBe(403);
  });

  it('a representative reads the represented member’s accounting (recorded a moment ago), not another’s', async () => {
    expect((await call(accounting, tokens.representative, 'M-OWN')).status).toBe(200);
    expect((await call(accounting, tokens.representative, 'M-OTHER')).status).toBe(403);
  });
});
