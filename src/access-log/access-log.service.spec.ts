/**
 * The access log's batcher against a real embedded store: reads are appended a batch per event, and `readHead` (what
 * a read of records waits for) skips exactly this instance's own batches at the log's tip, also while one is being
 * appended (its commit is visible before the append's answer comes back).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import type { ReadsRecorded } from '../events/access-log.events.js';
import { AccessLog, type ReadContext } from './access-log.service.js';

const reader: ReadContext = {
  principal: { subject: 'po-1', roles: ['privacy-officer'], clientId: 'office-app' },
  correlationId: 'req-1',
  route: '/v1/members/:memberId/accounting',
  format: 'json',
};

describe('the access log batcher', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: AccessLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'phi-ledger-access-log-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    log = new AccessLog(store, loadConfig({ LEDGER_DATA_DIR: dir }));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const disclosureLikeEvent = () =>
    store.append(
      `member-M${Math.random()}`,
      [{ eventId: `e:${Math.random()}`, type: 'Other', data: {}, recordedBy: { subject: 'svc' }, correlationId: 'c' }],
      'no-stream',
    );

  it('appends the reads queued as one ReadsRecorded event naming each reader', async () => {
    log.record(reader, [{ memberId: 'M1', resultCount: 3 }]);
    log.record({ ...reader, principal: { subject: 'M2', roles: ['member'], clientId: null } }, [
      { memberId: 'M2', resultCount: 1 },
    ]);
    await log.flush();
    const events = await store.readAll(0n, 10);
    expect(events.map((e) => e.type)).toEqual(['ReadsRecorded']);
    const { reads } = events[0].data as ReadsRecorded;
    expect(reads.map((r) => [r.reader.subject, r.members[0].memberId, r.route, r.format])).toEqual([
      ['po-1', 'M1', '/v1/members/:memberId/accounting', 'json'],
      ['M2', 'M2', '/v1/members/:memberId/accounting', 'json'],
    ]);
  });

  it('readHead skips its own batches at the tip, and nothing else', async () => {
    await disclosureLikeEvent(); // 1
    log.record(reader, [{ memberId: 'M1', resultCount: 1 }]);
    await log.flush(); // 2: own
    expect(await log.readHead(await store.head())).toBe(1n);
    await disclosureLikeEvent(); // 3
    log.record(reader, [{ memberId: 'M1', resultCount: 1 }]);
    await log.flush(); // 4: own
    expect(await log.readHead(await store.head())).toBe(3n);
  });

  it('readHead during an append waits for it, so its position is known as its own', async () => {
    await disclosureLikeEvent(); // 1
    log.record(reader, [{ memberId: 'M1', resultCount: 1 }]);
    const flushing = log.flush();
    // asked while the batch is being appended: the head the caller read may already be the batch's
    const head = log.readHead(2n);
    await flushing;
    expect(await head).toBe(1n);
  });

  it('with recording off, nothing is queued or appended', async () => {
    const off = new AccessLog(store, loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_ACCESS_LOG: 'off' }));
    off.record(reader, [{ memberId: 'M1', resultCount: 1 }]);
    await off.flush();
    expect(await store.head()).toBe(0n);
  });
});
