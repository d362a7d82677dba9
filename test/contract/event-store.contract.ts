/**
 * The event store contract: one suite of behaviours, run against every adapter (see *.contract.spec.ts).
 * An adapter is done when this suite is green against it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EventIdConflictError, RevisionConflictError } from '../../src/event-store/errors.js';
import type { EventStore, NewEvent, StoredEvent } from '../../src/event-store/event-store.port.js';
import type { SealingSettings } from '../../src/event-store/seal.js';
import { subscribeToAll } from '../../src/event-store/subscription.js';
import {
  exportNoteSignerPem,
  formatVerifierKey,
  generateNoteSigner,
} from '../../src/integrity/checkpoints/note-keys.js';
import { eventLeafHash } from '../../src/integrity/log/leaf.js';
import { SealChain } from '../../src/integrity/log/seals.js';

export interface StoreHarness {
  /**
   * opens the store on the same underlying data every time (a fresh data set per harness), sealing its commits
   * with `sealing` (as the service always does) unless `sealing` is null, with `factTypes` (default
   * CONTRACT_FACT_TYPES) as the types readStreamFacts reads
   */
  open(sealing?: SealingSettings | null, factTypes?: readonly string[]): Promise<EventStore>;
  /** removes the data set */
  destroy(): Promise<void>;
}

/** The key the contract's stores seal with, and how a reader checks their seals. */
const sealSigner = generateNoteSigner('phi-ledger.contract/log');
export const CONTRACT_SEALING: SealingSettings = {
  origin: 'phi-ledger.contract/log',
  keyPem: exportNoteSignerPem(sealSigner),
};

/** The fact types the contract's stores are opened with (EventStore.readStreamFacts). */
export const CONTRACT_FACT_TYPES = ['AuthorizationRecorded', 'HieConsentRecorded'];

/** Every event of the log, checked against the writer's seals: the first problem, and how far the seals reach. */
async function checkSeals(store: EventStore) {
  const chain = new SealChain(CONTRACT_SEALING.origin, [formatVerifierKey(sealSigner)]);
  const all = await collectAll(store);
  const problems = [...all.map((e) => chain.push(e, eventLeafHash(e))), chain.settle()].filter(Boolean);
  return { problems, sealedThrough: chain.sealedThrough, adoptedThrough: chain.adoptedThrough, head: all.length };
}

let sequence = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

export function event(type = 'PhiDisclosed', data: unknown = { n: sequence }, eventId = uid('ev')): NewEvent {
  return { eventId, type, data, recordedBy: { subject: 'svc-test', clientId: 'contract' }, correlationId: uid('corr') };
}

async function collectAll(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll(after, 1000);
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

export function describeEventStoreContract(name: string, makeHarness: () => StoreHarness): void {
  describe(`event store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: EventStore;

    beforeAll(async () => {
      harness = makeHarness();
      store = await harness.open();
    });
    afterAll(async () => {
      await store.close();
      await harness.destroy();
    });

    describe('append and read', () => {
      it('returns what was appended, with the full envelope, in revision order', async () => {
        const stream = uid('member');
        const events = [event('PhiDisclosed', { a: 1 }), event('DisclosureCorrected', { b: [1, 2] })];
        const result = await store.append(stream, events, 'no-stream');
        expect(result).toEqual({
          nextRevision: 1n,
          positions: [expect.any(BigInt), expect.any(BigInt)],
          replayed: false,
        });
        expect(result.positions[1]).toBe(result.positions[0] + 1n);
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.eventId, e.type, e.revision, e.position, e.data])).toEqual([
          [events[0].eventId, 'PhiDisclosed', 0n, result.positions[0], { a: 1 }],
          [events[1].eventId, 'DisclosureCorrected', 1n, result.positions[1], { b: [1, 2] }],
        ]);
        expect(read[0]).toMatchObject({
          stream,
          version: 1,
          recordedBy: { subject: 'svc-test', clientId: 'contract' },
          correlationId: events[0].correlationId,
        });
        expect(new Date(read[0].recordedAt).toISOString()).toBe(read[0].recordedAt);
        expect(await store.readStream(stream, 1n)).toHaveLength(1);
        expect(await store.readStream(uid('nobody'))).toEqual([]);
      });

      it('reads of many streams issued together each get exactly their own events from their own revision', async () => {
        const streams = Array.from({ length: 40 }, () => uid('member'));
        await Promise.all(
          streams.map((s, i) =>
            store.append(
              s,
              Array.from({ length: 1 + (i % 4) }, () => event()),
              'no-stream',
            ),
          ),
        );
        // the same stream read twice from two revisions, empty streams, and 40 others, all in one turn
        const reads = [
          ...streams.map((s) => ({ s, from: 0n })),
          { s: streams[3], from: 2n },
          { s: streams[3], from: 9n },
          { s: uid('nobody'), from: 0n },
        ];
        const results = await Promise.all(reads.map((r) => store.readStream(r.s, r.from)));
        reads.forEach((r, k) => {
          const events = results[k];
          const expected = r.s.includes('nobody') ? 0 : Math.max(0, 1 + (streams.indexOf(r.s) % 4) - Number(r.from));
          expect(events).toHaveLength(expected);
          expect(events.every((e) => e.stream === r.s && e.revision >= r.from)).toBe(true);
          expect(events.map((e) => e.revision)).toEqual(events.map((_, j) => r.from + BigInt(j)));
        });
      });

      it('finds the stream that holds an event id', async () => {
        const stream = uid('member');
        const e = event();
        await store.append(stream, [e], 'no-stream');
        expect(await store.streamOf(e.eventId)).toBe(stream);
        expect(await store.streamOf(uid('missing'))).toBeNull();
      });

      it('reads the global log after a position, in position order, bounded by the limit', async () => {
        const head = await store.head();
        const r = await store.append(uid('member'), [event(), event(), event()], 'any');
        expect(await store.head()).toBe(head + 3n);
        const page = await store.readAll(head, 2);
        expect(page.map((e) => e.position)).toEqual([r.positions[0], r.positions[1]]);
        expect(await store.readAll(r.positions[2], 10)).toEqual([]);
      });
    });

    describe('facts (readStreamFacts)', () => {
      const types = (facts: { events: StoredEvent[] }) => facts.events.map((e) => [e.type, e.revision, e.data]);

      it("reads a stream's events of the fact types only, in revision order, and the stream's last revision", async () => {
        const stream = uid('member');
        await store.append(
          stream,
          [
            event('PhiDisclosed', { n: 0 }),
            event('AuthorizationRecorded', { n: 1 }),
            event('PhiDisclosed', { n: 2 }),
            event('HieConsentRecorded', { n: 3 }),
            event('BreachAssessmentRequired', { n: 4 }),
          ],
          'no-stream',
        );
        const facts = await store.readStreamFacts(stream);
        expect(types(facts)).toEqual([
          ['AuthorizationRecorded', 1n, { n: 1 }],
          ['HieConsentRecorded', 3n, { n: 3 }],
        ]);
        // the revision of the stream's last event, though it is no fact: the revision an append then expects
        expect(facts.revision).toBe(4n);
        expect(facts.events[0]).toMatchObject({ stream, version: 1, recordedBy: { subject: 'svc-test' } });
      });

      it('answers a stream without facts with none and its revision, and an empty stream with revision null', async () => {
        const stream = uid('member');
        await store.append(stream, [event('PhiDisclosed'), event('PhiDisclosed')], 'no-stream');
        expect(await store.readStreamFacts(stream)).toEqual({ events: [], revision: 1n });
        expect(await store.readStreamFacts(uid('nobody'))).toEqual({ events: [], revision: null });
      });

      it('answers reads made together (one query) each with its own stream, the same stream twice included', async () => {
        const [a, b] = [uid('member'), uid('member')];
        await store.append(a, [event('AuthorizationRecorded', { s: 'a' })], 'no-stream');
        await store.append(b, [event('PhiDisclosed'), event('HieConsentRecorded', { s: 'b' })], 'no-stream');
        const read = await Promise.all([a, b, a, uid('nobody')].map((s) => store.readStreamFacts(s)));
        expect(read.map((f) => [types(f), f.revision])).toEqual([
          [[['AuthorizationRecorded', 0n, { s: 'a' }]], 0n],
          [[['HieConsentRecorded', 1n, { s: 'b' }]], 1n],
          [[['AuthorizationRecorded', 0n, { s: 'a' }]], 0n],
          [[], null],
        ]);
      });
    });

    describe('expected revision', () => {
      const cases: Array<[string, (s: string) => Promise<void>, 'ok' | 'conflict']> = [
        ['no-stream on a new stream', async () => undefined, 'ok'],
        ['no-stream on an existing stream', async (s) => void (await store.append(s, [event()], 'any')), 'conflict'],
        ['exists on a new stream', async () => undefined, 'conflict'],
        ['exists on an existing stream', async (s) => void (await store.append(s, [event()], 'any')), 'ok'],
        ['any on a new stream', async () => undefined, 'ok'],
        ['any on an existing stream', async (s) => void (await store.append(s, [event()], 'any')), 'ok'],
        ['the exact last revision', async (s) => void (await store.append(s, [event(), event()], 'any')), 'ok'],
        ['a stale revision', async (s) => void (await store.append(s, [event(), event(), event()], 'any')), 'conflict'],
        ['a revision on a new stream', async () => undefined, 'conflict'],
      ];
      const expectation: Record<string, 'no-stream' | 'exists' | 'any' | bigint> = {
        'no-stream on a new stream': 'no-stream',
        'no-stream on an existing stream': 'no-stream',
        'exists on a new stream': 'exists',
        'exists on an existing stream': 'exists',
        'any on a new stream': 'any',
        'any on an existing stream': 'any',
        'the exact last revision': 1n,
        'a stale revision': 1n,
        'a revision on a new stream': 0n,
      };
      it.each(cases)('%s → %s', async (label, given, outcome) => {
        const stream = uid('member');
        await given(stream);
        const before = await store.readStream(stream);
        const attempt = store.append(stream, [event()], expectation[label]);
        if (outcome === 'ok') {
          await expect(attempt).resolves.toMatchObject({ nextRevision: BigInt(before.length) });
        } else {
          await expect(attempt).rejects.toBeInstanceOf(RevisionConflictError);
          expect(await store.readStream(stream)).toHaveLength(before.length);
        }
      });

      it('group commit: a conflicting append fails alone, the appends committed with it succeed', async () => {
        const stream = uid('member');
        await store.append(stream, [event()], 'no-stream');
        const results = await Promise.allSettled([
          store.append(uid('member'), [event()], 'no-stream'),
          store.append(stream, [event()], 5n),
          store.append(uid('member'), [event()], 'any'),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('concurrent writers on one stream', () => {
      it('50 writers expecting the same revision: exactly one wins, 49 get a conflict', async () => {
        const stream = uid('member');
        await store.append(stream, [event()], 'no-stream');
        for (let round = 0; round < 3; round++) {
          const results = await Promise.allSettled(
            Array.from({ length: 50 }, () => store.append(stream, [event()], BigInt(round))),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(49);
          for (const l of lost) expect(l.reason).toBeInstanceOf(RevisionConflictError);
        }
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('50 writers that retry on conflict: nothing lost, revisions contiguous', async () => {
        const stream = uid('member');
        const written = await Promise.all(
          Array.from({ length: 50 }, async () => {
            const e = event();
            for (;;) {
              const current = await store.readStream(stream);
              const expected = current.length === 0 ? 'no-stream' : current[current.length - 1].revision;
              try {
                await store.append(stream, [e], expected);
                return e.eventId;
              } catch (error) {
                if (!(error instanceof RevisionConflictError)) throw error;
              }
            }
          }),
        );
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
        expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(written));
      });
    });

    describe('global log catch-up', () => {
      it('a reader running while 8 writers append 20,000 events sees each exactly once, in position order', async () => {
        const start = await store.head();
        const seen: bigint[] = [];
        const controller = new AbortController();
        const reader = subscribeToAll(store, start, (events) => void seen.push(...events.map((e) => e.position)), {
          batchSize: 700,
          pollMs: 20,
          signal: controller.signal,
        });
        const acknowledged = (
          await Promise.all(
            Array.from({ length: 8 }, async (_, w) => {
              const positions: bigint[] = [];
              for (let i = 0; i < 2500; i++) {
                const r = await store.append(`member-w${w}-${i % 50}-${start}`, [event()], 'any');
                positions.push(...r.positions);
              }
              return positions;
            }),
          )
        ).flat();
        const end = await store.head();
        await waitFor(() => seen.length >= Number(end - start));
        controller.abort();
        await reader;
        expect(acknowledged).toHaveLength(20_000);
        expect(seen).toEqual(Array.from({ length: Number(end - start) }, (_, i) => start + BigInt(i + 1)));
        expect(new Set(acknowledged.map(String))).toEqual(new Set(seen.map(String)));
      });

      it('property: under random interleavings of writers and reader page sizes, the reader sees every acknowledged event once, in order', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ writer: fc.nat(5), events: fc.integer({ min: 1, max: 4 }), delay: fc.nat(3) }), {
              minLength: 1,
              maxLength: 60,
            }),
            fc.integer({ min: 1, max: 25 }),
            async (schedule, pageSize) => {
              const start = await store.head();
              const seen: StoredEvent[] = [];
              const controller = new AbortController();
              const reader = subscribeToAll(store, start, (events) => void seen.push(...events), {
                batchSize: pageSize,
                pollMs: 5,
                signal: controller.signal,
              });
              const acknowledged = await Promise.all(
                schedule.map(async (step) => {
                  await new Promise((r) => setTimeout(r, step.delay));
                  const batch = Array.from({ length: step.events }, () => event());
                  const r = await store.append(`member-p${step.writer}-${start}`, batch, 'any');
                  return r.positions;
                }),
              );
              const expectedCount = acknowledged.flat().length;
              await waitFor(() => seen.length >= expectedCount);
              controller.abort();
              await reader;
              const positions = seen.map((e) => e.position);
              expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
              expect(new Set(positions.map(String)).size).toBe(positions.length);
              expect(new Set(positions.map(String))).toEqual(new Set(acknowledged.flat().map(String)));
            },
          ),
          { numRuns: 25 },
        );
      });
    });

    describe('idempotent event ids', () => {
      it('re-appending the same events is a no-op that returns the original result', async () => {
        const stream = uid('member');
        const events = [event('PhiDisclosed', { x: 1 }), event('PhiDisclosed', { x: 2 })];
        const first = await store.append(stream, events, 'no-stream');
        const head = await store.head();
        const again = await store.append(stream, events, 'no-stream');
        expect(again).toEqual({ ...first, replayed: true });
        expect(await store.head()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it.each([
        ['other data', (e: NewEvent) => ({ ...e, data: { x: 99 } }), 'same'],
        ['another type', (e: NewEvent) => ({ ...e, type: 'DisclosureVoided' }), 'same'],
        ['another stream', (e: NewEvent) => e, 'other'],
      ])('the same event id with %s is a conflict and stores nothing', async (_label, change, where) => {
        const stream = uid('member');
        const original = event('PhiDisclosed', { x: 1 });
        await store.append(stream, [original], 'no-stream');
        const head = await store.head();
        const target = where === 'same' ? stream : uid('member');
        await expect(store.append(target, [change(original)], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.head()).toBe(head);
      });

      it('a batch mixing a stored id with a new one is a conflict; a batch repeating an id is a conflict', async () => {
        const stream = uid('member');
        const stored = event();
        await store.append(stream, [stored], 'no-stream');
        await expect(store.append(stream, [stored, event()], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        const twice = event();
        await expect(store.append(uid('member'), [twice, twice], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('concurrent retries of the same append store it once', async () => {
        const stream = uid('member');
        const events = [event()];
        const results = await Promise.all(Array.from({ length: 10 }, () => store.append(stream, events, 'any')));
        expect(new Set(results.map((r) => r.positions[0]))).toEqual(new Set([results[0].positions[0]]));
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    it('holds a 10,000-event stream with contiguous revisions', async () => {
      const stream = uid('member');
      for (let chunk = 0; chunk < 10; chunk++) {
        const expected = chunk === 0 ? 'no-stream' : BigInt(chunk * 1000 - 1);
        await store.append(
          stream,
          Array.from({ length: 1000 }, (_, i) => event('PhiDisclosed', { i: chunk * 1000 + i })),
          expected,
        );
      }
      const all = await store.readStream(stream);
      expect(all).toHaveLength(10_000);
      expect(all.every((e, i) => e.revision === BigInt(i) && (e.data as { i: number }).i === i)).toBe(true);
      expect(await store.readStream(stream, 9_990n)).toHaveLength(10);
    });

    it('keeps everything after the store is closed and reopened', async () => {
      const stream = uid('member');
      const r = await store.append(stream, [event('PhiDisclosed', { kept: true })], 'no-stream');
      const before = await collectAll(store);
      await store.close();
      store = await harness.open();
      expect(await store.readStream(stream)).toMatchObject([{ data: { kept: true }, position: r.positions[0] }]);
      expect(await collectAll(store)).toEqual(before);
      await expect(store.append(stream, [event()], 0n)).resolves.toMatchObject({ nextRevision: 1n });
    });

    describe('writer seals (event-store/seal.ts)', () => {
      it('every commit of this suite (groups, failed appends, replays, concurrent writers) is covered by a verified seal', async () => {
        const { problems, sealedThrough, head } = await checkSeals(store);
        expect(problems).toEqual([]);
        expect(sealedThrough).toBe(head);
      });

      it('a seal sits at the last position of its commit, and readAll carries it', async () => {
        const r = await store.append(uid('member'), [event(), event(), event()], 'no-stream');
        const page = await store.readAll(r.positions[0] - 1n, 3);
        expect(page.map((e) => e.seal?.kind ?? null)).toEqual([null, null, 'commit']);
      });

      it('an event written by a store that does not seal is not covered: the next seal names the break', async () => {
        await store.close();
        store = await harness.open(null);
        const around = await store.append(uid('member'), [event()], 'no-stream');
        await store.close();
        store = await harness.open();
        await store.append(uid('member'), [event()], 'no-stream');
        const { problems, sealedThrough } = await checkSeals(store);
        expect(sealedThrough).toBe(Number(around.positions[0]) - 1);
        expect(problems[0]).toContain(`an event after position ${sealedThrough} was not written by the ledger`);
      });
    });
  });

  describe(`event store contract: ${name}, facts of other types`, () => {
    it('a store opened with other fact types reads those, the events written before included', async () => {
      const harness = makeHarness();
      let store = await harness.open(CONTRACT_SEALING, ['AuthorizationRecorded']);
      await store.append('member-T', [event('AuthorizationRecorded'), event('DeathRecorded', { d: 1 })], 'no-stream');
      expect((await store.readStreamFacts('member-T')).events.map((e) => e.type)).toEqual(['AuthorizationRecorded']);
      await store.close();
      store = await harness.open(CONTRACT_SEALING, ['DeathRecorded']);
      expect((await store.readStreamFacts('member-T')).events.map((e) => e.type)).toEqual(['DeathRecorded']);
      await store.close();
      // opened with none, every event is a fact
      store = await harness.open(CONTRACT_SEALING, []);
      expect(await store.readStreamFacts('member-T')).toMatchObject({ events: [{}, {}], revision: 1n });
      await store.close();
      await harness.destroy();
    });
  });

  describe(`event store contract: ${name}, a log written before sealing began`, () => {
    it('is adopted when a sealing store opens it: one seal of kind `adopted` at the old head, the chain unbroken after it', async () => {
      const harness = makeHarness();
      let store = await harness.open(null);
      for (let i = 0; i < 5; i++) await store.append(uid('member'), [event(), event()], 'no-stream');
      await store.close();
      store = await harness.open();
      const adopted = await checkSeals(store);
      await store.append(uid('member'), [event()], 'no-stream');
      await store.append(uid('member'), [event()], 'no-stream');
      const seals = await checkSeals(store);
      await store.close();
      await harness.destroy();
      expect(adopted).toEqual({ problems: [], sealedThrough: 10, adoptedThrough: 10, head: 10 });
      expect(seals).toEqual({ problems: [], sealedThrough: 12, adoptedThrough: 10, head: 12 });
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the reader to catch up');
    await new Promise((r) => setTimeout(r, 5));
  }
}
