/**
 * Records every read of a member's records (164.312(b)) off the request path: a read adds an entry to a queue in
 * memory and is answered; the queue is appended to the log as one batch (one `ReadsRecorded` event on its own
 * `access-log-{batch}` stream: a read costs the log, the seal and the Merkle tree a share of one event, not one of
 * its own) at most FLUSH_MS after its first entry, or at once when it holds BATCH entries. Nothing is dropped: a
 * failed append puts the batch back and is retried; when the store cannot take the log for long and the queue reaches HIGH_WATER, reads
 * are refused (503) rather than answered unrecorded; stopping the service flushes the queue before the store closes.
 *
 * The only gap is a crash (kill -9, power) between an answer and its batch's append: at most the reads answered in
 * the last FLUSH_MS plus one append's duration (docs/operations.md "Access log" has the measured figure).
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/roles.js';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore, type NewEvent } from '../event-store/event-store.port.js';
import {
  ACCESS_LOG_RECORDER,
  ACCESS_LOG_STREAM_PREFIX,
  type MemberRows,
  type RecordedRead,
  type ReadsRecorded,
} from '../events/access-log.events.js';
import { problem, ProblemError } from '../http/problem.js';

export const FLUSH_MS = 100;
export const BATCH = 1000;
export const HIGH_WATER = 50_000;
/** queued reads at which a paced reader waits for the queue to be appended */
const PACE_AT = 4 * BATCH;
/** how many of its own latest positions readHead remembers */
const OWN_KEPT = 4 * BATCH;

/** One member named by a read, and how many rows of theirs the answer held. */
export type MemberRead = MemberRows;

export interface ReadContext {
  principal: Principal;
  correlationId: string;
  /** the route template */
  route: string;
  format?: string | null;
}

@Injectable()
export class AccessLog {
  private readonly logger = new Logger(AccessLog.name);
  private queue: RecordedRead[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  /** the append in flight, if any (readHead) */
  private appending: Promise<unknown> | null = null;
  /** positions of this instance's latest access-log events (readHead): a set to ask, a queue to forget the oldest */
  private readonly own = new Set<bigint>();
  private readonly ownOrder: bigint[] = [];
  readonly enabled: boolean;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: LedgerConfig,
  ) {
    this.enabled = config.LEDGER_ACCESS_LOG === 'on';
  }

  /** Records that `reads` were answered; call it before the answer is sent (it may refuse with 503). */
  record(context: ReadContext, reads: MemberRead[]): void {
    if (!this.enabled || reads.length === 0) return;
    if (this.queue.length >= HIGH_WATER) {
      throw new ProblemError(
        problem(503, 'ACCESS_LOG_UNAVAILABLE', 'Service unavailable', 'reads cannot be recorded now; retry shortly'),
        { 'Retry-After': '1' },
      );
    }
    const { principal } = context;
    this.queue.push({
      members: reads,
      roles: principal.roles,
      route: context.route,
      format: context.format ?? null,
      readAt: new Date().toISOString(),
      reader: { subject: principal.subject, clientId: principal.clientId ?? null },
      correlationId: context.correlationId,
    });
    if (this.queue.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /**
   * `record` for a long answer (an export, page after page): when the queue holds several batches, wait for it to be
   * appended before the next page is read, so that an export goes no faster than its reads can be recorded.
   */
  async recordPaced(context: ReadContext, reads: MemberRead[]): Promise<void> {
    this.record(context, reads);
    if (this.queue.length >= PACE_AT) await this.flush();
  }

  /** Appends what is queued (one stream per batch of up to BATCH); resolves when the queue is empty. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing) return this.flushing.then(() => (this.queue.length > 0 ? this.flush() : undefined));
    this.flushing = this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH);
      const id = randomUUID();
      const event: NewEvent<ReadsRecorded> = {
        eventId: `access:${id}`,
        type: 'ReadsRecorded',
        data: { reads: batch },
        recordedBy: ACCESS_LOG_RECORDER,
        correlationId: `access-log-${id}`,
      };
      try {
        // readHead waits for this: the batch's position is known as its own before a waiting read resumes
        const appended = this.store
          .append(`${ACCESS_LOG_STREAM_PREFIX}${id}`, [event], 'no-stream')
          .then(({ positions }) => {
            for (const p of positions) {
              this.own.add(p);
              this.ownOrder.push(p);
            }
            for (const old of this.ownOrder.splice(0, Math.max(0, this.ownOrder.length - OWN_KEPT)))
              this.own.delete(old);
          });
        this.appending = appended.catch(() => undefined);
        await appended.finally(() => (this.appending = null));
        this.failures = 0;
      } catch (error) {
        this.queue.unshift(...batch); // kept, in order, for the next attempt
        this.failures++;
        this.logger.error(`access log: append failed (${(error as Error).message}); ${this.queue.length} reads kept`);
        this.timer ??= setTimeout(() => void this.flush(), Math.min(5000, FLUSH_MS * 2 ** this.failures));
        return;
      }
    }
  }

  /**
   * The log position a read of records must wait for, given the log's `head`: the head less this instance's own
   * access-log events at its tip (a read need not wait for the read models to take in the record of earlier reads;
   * they are in no read model it reads). Exact: only positions this instance appended are skipped. While a batch is
   * being appended, its position may already be the head (the commit is visible before the append's answer reaches
   * this thread): the append is awaited first (a few milliseconds), instead of the read models' catch-up on it.
   */
  async readHead(head: bigint): Promise<bigint> {
    if (this.appending) await this.appending;
    let h = head;
    while (h > 0n && this.own.has(h)) h--;
    return h;
  }

  /** At stop, after the last answer and before the store closes (app/infrastructure.module.ts): nothing left behind. */
  async stop(): Promise<void> {
    for (let attempt = 0; attempt < 20 && this.queue.length + (this.flushing ? 1 : 0) > 0; attempt++) {
      await this.flush();
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, 250));
    }
    if (this.queue.length > 0)
      this.logger.error(`access log: ${this.queue.length} reads could not be recorded at stop`);
  }
}
