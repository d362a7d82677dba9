/**
 * The fact index's name and predicate (stream-facts.ts): what both adapters build at start-up and read through. The
 * reads themselves are in the store contract (test/contract/event-store.contract.ts, "facts").
 */
import { describe, expect, it } from '@jest/globals';
import { factIndex, staleIndexes } from './stream-facts.js';

describe('the fact index', () => {
  it('is named by a digest of its types, whatever their order or repeats, and its predicate lists them', () => {
    const index = factIndex(['HieConsentRecorded', 'AuthorizationRecorded', 'HieConsentRecorded']);
    expect(index).toEqual({
      name: expect.stringMatching(/^events_facts_[0-9a-f]{10}$/),
      predicate: "type IN ('AuthorizationRecorded', 'HieConsentRecorded')",
    });
    expect(factIndex(['AuthorizationRecorded', 'HieConsentRecorded'])).toEqual(index);
    expect(factIndex(['AuthorizationRecorded'])!.name).not.toBe(index!.name);
  });

  it('is none without types: every event is then a fact and the whole stream is read', () => {
    expect(factIndex([])).toBeNull();
    expect(factIndex()).toBeNull();
  });

  it('refuses a type that is not a plain name (it is written into SQL)', () => {
    expect(() => factIndex(["X') OR ('1' = '1"])).toThrow('not an event type');
    expect(() => factIndex([''])).toThrow('not an event type');
  });

  it('finds the fact indexes of other types to drop, and nothing else', () => {
    const current = factIndex(['AuthorizationRecorded'])!;
    const other = factIndex(['DeathRecorded'])!;
    const names = ['sqlite_autoindex_events_1', current.name, other.name, 'events_by_type'];
    expect(staleIndexes(names, current)).toEqual([other.name]);
    expect(staleIndexes(names, null)).toEqual([current.name, other.name]);
  });
});
