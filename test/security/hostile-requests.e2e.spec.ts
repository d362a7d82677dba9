/**
 * Hostile requests against every write route (fast-check, 10,000 cases): random JSON, bodies nested thousands of
 * levels deep, fields named like Object.prototype members, control characters, blank texts, wrong types, invalid JSON
 * text, hostile path ids. Every answer is a 4xx problem+json, none a 5xx, and nothing is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ROLES } from '../../src/auth/roles.js';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { routeTable } from '../support/api-doc.js';
import { startServer, type RunningServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-hostile-'));
let server: RunningServer;
let token: string;

/** Routes that take a body (POST /v1/integrity/audits reads none). */
const writeRoutes = routeTable()
  .filter((r) => r.method === 'POST' && r.path !== '/v1/integrity/audits')
  .map((r) => r.path);

beforeAll(async () => {
  server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  // every role: each request reaches validation, whatever route it is sent to
  token = await issueLocalToken(dir, { subject: 'hostile', roles: [...ROLES] });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const logHead = async () => {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  return Number(/^phi_ledger_log_head_position (\d+)/m.exec(text)?.[1] ?? -1);
};

const nested = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 3 ? [value] : { recipient: value };
  return value;
};

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 33, max: 3000 }).map((n) => nested(n, 'x')),
  fc.constantFrom('', '   ', '\u0000', 'a\u0000b', '\u001b[31m', 'x'.repeat(5000), '\ud800', '%00', '../../etc/passwd'),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0.5, 1e308, true, null, [], {}),
);

const PROTOTYPE_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

/** Bodies: random JSON, or an object with known-looking and hostile fields, some named like Object.prototype members. */
const hostileBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('disclosureId', 'memberId', 'recipient', 'purpose', 'items', 'diedOn', 'requestId', 'period'),
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.string({ maxLength: 12 }),
    ),
    hostileValue,
    { maxKeys: 6 },
  ),
  hostileValue.map((v) => ({ items: [v, { constructor: { prototype: 1 } }] })),
);

const hostileId = fc.oneof(
  fc.constantFrom('M-1', 'X-1'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('x'.repeat(129), '..', 'a b', 'é', '\u0000', '%2e%2e'),
);

const request = fc.record({
  route: fc.constantFrom(...writeRoutes),
  ids: fc.array(hostileId, { minLength: 3, maxLength: 3 }),
  body: fc.oneof(
    { weight: 9, arbitrary: hostileBody.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '[]', '"text"', '{"a":1}{', '\u0000') },
  ),
});

describe('hostile requests on every write route', () => {
  it('10,000 cases: every answer a 4xx problem+json, no 5xx, nothing stored', async () => {
    const before = await logHead();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ route, ids, body }) => {
        let k = 0;
        const path = route.replace(/\{[A-Za-z]+\}/g, () => encodeURIComponent(ids[k++]));
        const res = await fetch(`${server.base}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect({ route, status: res.status }).toMatchObject({ status: expect.any(Number) });
        if (res.status < 400 || res.status >= 500)
          throw new Error(`${route} answered ${res.status}: ${text.slice(0, 300)}`);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(JSON.parse(text)).toMatchObject({ status: res.status, code: expect.any(String) });
      }),
      { numRuns: 10_000, seed: 15 },
    );
    expect(await logHead()).toBe(before);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });
});
