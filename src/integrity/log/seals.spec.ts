import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import { toStoredEvent } from '../../event-store/row-mapping.js';
import { envelopeOf, GENESIS_CHAIN, Sealer, type EventSeal } from '../../event-store/seal.js';
import { exportNoteSignerPem, formatVerifierKey, generateNoteSigner } from '../checkpoints/note-keys.js';
import { eventLeafHash } from './leaf.js';
import { SealChain } from './seals.js';

const ORIGIN = 'phi-ledger.test/seals';
const key = generateNoteSigner(ORIGIN);
const sealer = new Sealer({ origin: ORIGIN, keyPem: exportNoteSignerPem(key) });
const trusted = [formatVerifierKey(key)];

const event = (position: number): StoredEvent =>
  toStoredEvent({
    position: BigInt(position),
    stream: `member-M${position % 3}`,
    revision: 0n,
    event_id: `e-${position}`,
    type: 'PhiDisclosed',
    version: 1,
    recorded_at: '2026-12-01T10:00:00.000Z',
    recorded_by: JSON.stringify({ subject: 'svc', clientId: null }),
    correlation_id: `c-${position}`,
    data: JSON.stringify({ n: position }),
  });

/** Events 1..n committed in the given groups (sizes), each group sealed at its last event, as a writer does. */
function committed(groups: number[], by: Sealer = sealer): StoredEvent[] {
  const events: StoredEvent[] = [];
  let chain = GENESIS_CHAIN;
  for (const size of groups) {
    const group = Array.from({ length: size }, (_, i) => event(events.length + i + 1));
    const sealed = by.sealCommit(chain, group.map(envelopeOf))!;
    chain = sealed.chain;
    group[group.length - 1].seal = sealed.seal;
    events.push(...group);
  }
  return events;
}

const check = (events: StoredEvent[], verifiers = trusted) => {
  const chain = new SealChain(ORIGIN, verifiers);
  const problems = [...events.map((e) => chain.push(e, eventLeafHash(e))), chain.settle()].filter(Boolean);
  return { problems, sealedThrough: chain.sealedThrough, adoptedThrough: chain.adoptedThrough };
};

describe('the writer seal chain', () => {
  it('commits of any size verify; every event up to the last seal is covered', () => {
    expect(check(committed([1, 3, 2, 5]))).toEqual({ problems: [], sealedThrough: 11, adoptedThrough: null });
  });

  it('an event after the last seal is not covered (a row added at the end)', () => {
    const events = [...committed([2, 2]), event(5)];
    expect(check(events)).toMatchObject({ problems: [], sealedThrough: 4 });
  });

  it('an event inserted between commits breaks the chain at the next seal, naming where it is', () => {
    const events = committed([2, 2]);
    const inserted = [...events.slice(0, 2), event(99), ...events.slice(2)];
    expect(check(inserted).problems).toEqual([
      'the seal at position 4 does not cover the events before it: an event after position 2 was not written by the ledger (inserted, edited or removed around it)',
    ]);
  });

  it('an edited event breaks the chain at its commit’s seal', () => {
    const events = committed([3]);
    const edited = toStoredEvent({
      position: 2n,
      stream: 'member-M2',
      revision: 0n,
      event_id: 'e-2',
      type: 'PhiDisclosed',
      version: 1,
      recorded_at: '2026-12-01T10:00:00.000Z',
      recorded_by: JSON.stringify({ subject: 'svc', clientId: null }),
      correlation_id: 'c-2',
      data: JSON.stringify({ n: 2, edited: true }),
    });
    expect(check([events[0], edited, events[2]]).problems[0]).toContain('the seal at position 3');
  });

  it('a seal signed by another key is refused; a rotated key still trusted is accepted', () => {
    const other = generateNoteSigner(ORIGIN);
    const forged = committed([2], new Sealer({ origin: ORIGIN, keyPem: exportNoteSignerPem(other) }));
    expect(check(forged).problems).toEqual(['the seal at position 2 is not signed by a trusted key']);
    expect(check(forged, [...trusted, formatVerifierKey(other)]).problems).toEqual([]);
  });

  it('the signature binds the kind and the log: an `adopted` seal cannot be passed off as a commit, nor a seal of another log', () => {
    const events = committed([2]);
    const relabelled: EventSeal = { ...events[1].seal!, kind: 'adopted' };
    expect(check([events[0], { ...events[1], seal: relabelled }]).problems[0]).toContain('not signed by a trusted key');
    const otherLog = new SealChain('phi-ledger.test/another-log', trusted);
    expect(otherLog.push(events[0], eventLeafHash(events[0]))).toBeNull();
    expect(otherLog.push(events[1], eventLeafHash(events[1]))).toBeNull();
    expect(otherLog.settle()).toContain('not signed by a trusted key');
  });

  it('one signature vouches for a page: the last seal covers every event before it through the chain', () => {
    const events = committed([1, 1, 1]);
    const chain = new SealChain(ORIGIN, trusted);
    for (const e of events.slice(0, 2)) expect(chain.push(e, eventLeafHash(e))).toBeNull();
    expect(chain.sealedThrough).toBe(0); // not settled yet
    expect(chain.settle()).toBeNull();
    expect(chain.sealedThrough).toBe(2);
    // a seal with the right chain but a forged signature, last in its page, is refused when the page settles
    const forgedLast = { ...events[2], seal: { ...events[2].seal!, signature: events[0].seal!.signature } };
    expect(chain.push(forgedLast, eventLeafHash(forgedLast))).toBeNull();
    expect(chain.settle()).toBe('the seal at position 3 is not signed by a trusted key');
  });

  it('an adoption seal records how far the log reached before sealing began', () => {
    const events = [event(1), event(2)];
    const adopted = sealer.sealCommit(GENESIS_CHAIN, events.map(envelopeOf), 'adopted')!;
    events[1].seal = adopted.seal;
    expect(check(events)).toEqual({ problems: [], sealedThrough: 2, adoptedThrough: 2 });
  });
});
