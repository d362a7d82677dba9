/**
 * Stream reads issued in the same event-loop turn, answered by one query. A busy service loads many members at
 * once (64 concurrent requests, or a batch of 1,000 disclosures for 1,000 members): one query instead of one per
 * member saves a round trip each on PostgreSQL, and on SQLite keeps the b-tree pages warm across the lookups
 * (a read connection's page cache is reset at the start of every read transaction after the writer committed).
 */
import type { StoredEvent } from './event-store.port.js';

export interface StreamRead {
  stream: string;
  /** the lowest revision wanted */
  from: bigint;
}

interface PendingRead extends StreamRead {
  resolve: (events: StoredEvent[]) => void;
  reject: (error: unknown) => void;
}

export class ReadCoalescer {
  private pending: PendingRead[] = [];

  constructor(
    /** every event of the given streams from the given revisions, in any order of streams, revisions ascending within each */
    private readonly fetch: (reads: StreamRead[]) => Promise<StoredEvent[]> | StoredEvent[],
    private readonly maxStreams = 1000,
  ) {}

  read(stream: string, from: bigint): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ stream, from, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const reads = this.pending;
    this.pending = [];
    for (let i = 0; i < reads.length; i += this.maxStreams) {
      const chunk = reads.slice(i, i + this.maxStreams);
      try {
        // one entry per stream, from the lowest revision any read of it asked for; each read then takes its own part
        const lowest = new Map<string, bigint>();
        for (const r of chunk) {
          const known = lowest.get(r.stream);
          if (known === undefined || r.from < known) lowest.set(r.stream, r.from);
        }
        const events = await this.fetch([...lowest].map(([stream, from]) => ({ stream, from })));
        const byStream = new Map<string, StoredEvent[]>();
        for (const event of events) {
          const list = byStream.get(event.stream);
          if (list) list.push(event);
          else byStream.set(event.stream, [event]);
        }
        for (const r of chunk) {
          const all = byStream.get(r.stream) ?? [];
          r.resolve(lowest.get(r.stream) === r.from ? all : all.filter((e) => e.revision >= r.from));
        }
      } catch (error) {
        for (const r of chunk) r.reject(error);
      }
    }
  }
}
