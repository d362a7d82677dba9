/**
 * Folded stream states kept between commands (LEDGER_MEMBER_CACHE), least recently used evicted first. A stream is
 * admitted on its second command among the last `capacity` streams not cached: in a large plan most members are
 * seen once in a while, and caching each of them would only push out the states that are used again (and cost the
 * garbage collector; docs/benchmarks.md).
 */

/** A stream's state and the revision of the last event folded into it (null: the stream is empty). */
export interface Loaded<S> {
  state: S;
  revision: bigint | null;
}

export class StateCache {
  private readonly entries = new Map<string, Loaded<unknown>>();
  /** streams seen once recently, not cached */
  private readonly seenOnce = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** The cached state of `stream`, now the most recently used; undefined when not cached. */
  get<S>(stream: string): Loaded<S> | undefined {
    const loaded = this.entries.get(stream);
    if (loaded) {
      this.entries.delete(stream); // re-inserted: a Map iterates in insertion order, least recently used first
      this.entries.set(stream, loaded);
    }
    return loaded as Loaded<S> | undefined;
  }

  /** A state just read from the store: kept when the stream is cached already or seen for the second time. */
  offer<S>(stream: string, loaded: Loaded<S>): void {
    if (this.entries.has(stream) || this.admit(stream)) this.set(stream, loaded);
  }

  /** A cached stream's state after an append (a stream not cached stays so). */
  update<S>(stream: string, loaded: Loaded<S>): void {
    if (this.entries.has(stream)) this.set(stream, loaded);
  }

  private set(stream: string, loaded: Loaded<unknown>): void {
    this.entries.delete(stream);
    this.entries.set(stream, loaded);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  private admit(stream: string): boolean {
    if (this.capacity === 0) return false;
    if (this.seenOnce.delete(stream)) return true;
    this.seenOnce.add(stream);
    if (this.seenOnce.size > this.capacity) this.seenOnce.delete(this.seenOnce.values().next().value!);
    return false;
  }
}
