/**
 * SIGTERM under load drains: the service finishes the commands in flight and exits 0; every command it acknowledged
 * is stored; a request that arrived while it stopped is refused with 503 SERVICE_STOPPING (retryable) and not stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { disclosureBody } from '../support/load.js';
import { startServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-drain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM under load', () => {
  it('drains the commands in flight and exits 0; every acknowledged one is stored', async () => {
    const server = await startServer({ LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
    const token = await issueLocalToken(dir, { subject: 'drain', roles: ['recorder'] });
    // the exit code, or the signal that ended the process (so a failure says which)
    const exited = new Promise<number | string | null>((resolve) =>
      server.process.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const answers = Array.from({ length: 400 }, (_, i) =>
      fetch(`${server.base}/v1/disclosures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(disclosureBody(`T-${i}`, `M-T${i % 30}`)),
      }).then(
        async (res) => ({ status: res.status, body: await res.text() }),
        () => null, // refused: the listener had closed
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    server.process.kill('SIGTERM');
    const answered = await Promise.all(answers);
    expect(await exited).toBe(0);
    const statuses = answered.map((a) => a?.status ?? null);
    expect(statuses.filter((s) => s !== null && s !== 201 && s !== 503)).toEqual([]);
    for (const a of answered.filter((x) => x?.status === 503)) {
      expect(JSON.parse(a!.body)).toMatchObject({ code: 'SERVICE_STOPPING' });
    }
    const acknowledged = statuses.flatMap((s, i) => (s === 201 ? [`T-${i}`] : []));
    const refused = statuses.flatMap((s, i) => (s === 503 ? [`T-${i}`] : []));
    expect(acknowledged.length).toBeGreaterThan(0);
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    try {
      const stored = new Set<string>();
      for (const e of await store.readAll(0n, 10_000)) {
        if (e.type === 'PhiDisclosed') stored.add((e.data as { disclosureId: string }).disclosureId);
      }
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(refused.filter((id) => stored.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
