/**
 * Fact reads (EventStore.readStreamFacts). The store is told which event types are facts (StoreSettings.factTypes:
 * the domain's choice, the store knows none) and keeps a partial index on (stream, revision) of those events only,
 * so reading a member's facts costs an index lookup per fact instead of a table row per disclosure: on a log of
 * disclosures the index holds ~1% of the events, and its upkeep costs the appends of the others nothing.
 *
 * The index's name carries a digest of the types: a release that changes them builds its own index at start-up and
 * drops the other (`staleIndexes`). The predicate is written into the index and, identically, into every query that
 * reads it (SQLite and PostgreSQL use a partial index only for a query whose condition implies the index's own).
 */
import { createHash } from 'node:crypto';
import { Coalescer, groupByStream } from './read-coalescer.js';
import type { StoredEvent, StreamFacts } from './event-store.port.js';

export interface FactIndex {
  name: string;
  /** `type IN ('A', 'B')`, for the index and the queries that use it */
  predicate: string;
}

const INDEX_PREFIX = 'events_facts_';

/** The partial index for these types; null when there are none (every event is then a fact: the whole stream is read). */
export function factIndex(types: readonly string[] = []): FactIndex | null {
  if (types.length === 0) return null;
  const sorted = [...new Set(types)].sort();
  for (const type of sorted) if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(type)) throw new Error(`not an event type: ${type}`);
  const digest = createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 10);
  return { name: `${INDEX_PREFIX}${digest}`, predicate: `type IN (${sorted.map((t) => `'${t}'`).join(', ')})` };
}

/** Fact indexes of another set of types (an earlier release's), to drop; `names` are the table's index names. */
export function staleIndexes(names: readonly string[], current: FactIndex | null): string[] {
  return names.filter((name) => name.startsWith(INDEX_PREFIX) && name !== current?.name);
}

/** What an adapter fetches for a turn's distinct streams: their fact events and their last revisions. */
export interface FetchedFacts {
  events: StoredEvent[];
  revisions: Map<string, bigint>;
}

/** Fact reads made in one turn, answered by one fetch of their distinct streams. */
export function factsCoalescer(fetch: (streams: string[]) => Promise<FetchedFacts> | FetchedFacts) {
  return new Coalescer<string, StreamFacts>(async (streams) => {
    const { events, revisions } = await fetch([...new Set(streams)]);
    const byStream = groupByStream(events);
    return streams.map((stream) => ({ events: byStream.get(stream) ?? [], revision: revisions.get(stream) ?? null }));
  });
}

/** A stream read whole, as its facts: what a store opened with no fact types answers. */
export function allFacts(events: StoredEvent[]): StreamFacts {
  return { events, revision: events.at(-1)?.revision ?? null };
}
