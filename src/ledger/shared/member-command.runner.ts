/**
 * The thin shell around every member-stream decider: load (cached fold + the events since), decide,
 * append with the expected revision, retry a bounded number of times on a revision conflict, and answer
 * retries of an already-recorded command with its first result. Commands for one member are serialised
 * within this process (a per-member queue); across instances the expected revision does the same job.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EventIdConflictError, RevisionConflictError } from '../../event-store/errors.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { LedgerMetrics } from '../../ops/metrics.js';
import type { MemberEvent } from '../member/member-events.js';
import { memberStream } from '../member/member-events.js';
import { copyLedger, emptyLedger, evolve, type MemberLedger } from '../member/member-ledger.js';
import type { Decision } from './decision.js';
import { isLedgerError, ledgerError, type LedgerError } from './ledger-error.js';
import { envelope, type CommandContext } from './command-context.js';

const MAX_ATTEMPTS = 8;
/** Folded member states kept between commands; bounded so a busy server stays within a few hundred MB. */
const CACHE_MEMBERS = 5_000;

export type Decide<R> = (state: MemberLedger) => Decision<R> | LedgerError;

export interface Accepted<R> {
  status: 200 | 201;
  body: R & { position: number };
}

@Injectable()
export class MemberCommandRunner {
  private readonly cache = new Map<string, MemberLedger>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {}

  async run<R>(memberId: string, context: CommandContext, decide: Decide<R>): Promise<Accepted<R> | LedgerError> {
    return (await this.runMany(memberId, context, [decide]))[0];
  }

  /** Decides the commands in order against one state (each sees the ones before it) and appends them together. */
  runMany<R>(memberId: string, context: CommandContext, decides: Decide<R>[]): Promise<(Accepted<R> | LedgerError)[]> {
    return this.serialised(memberId, async () => {
      const refused = new Map<number, LedgerError>();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const state = await this.load(memberId);
        const working = decides.length > 1 ? copyLedger(state) : state;
        let pending = 0;
        const decisions = decides.map((decide, i) => {
          if (refused.has(i)) return refused.get(i)!;
          const decision = decide(working);
          if (!isLedgerError(decision) && decides.length > 1) {
            // A later item of this batch may replay this one: its position is not known yet, so it is
            // recorded as -(index of the event in this append + 1) and resolved once the append returns.
            for (const e of decision.events) evolve(working, { ...e, revision: working.revision ?? -1n, position: BigInt(-++pending) });
          }
          return decision;
        });
        const events = decisions.flatMap((d) => (isLedgerError(d) ? [] : d.events));
        if (events.length === 0) return decisions.map((d) => (isLedgerError(d) ? d : replayed(d)));
        try {
          const appended = await this.store.append(memberStream(memberId), events.map((e) => envelope(e, context)),
            state.revision === null ? 'no-stream' : state.revision);
          this.afterAppend(state, events, appended.positions, appended.nextRevision);
          return assignPositions(decisions, appended.positions);
        } catch (error) {
          if (error instanceof RevisionConflictError) continue;
          if (!(error instanceof EventIdConflictError)) throw error;
          const culprit = decisions.findIndex((d) => !isLedgerError(d) && d.events.some((e) => e.eventId === error.eventId));
          if (culprit < 0) throw error;
          refused.set(culprit, ledgerError(409, 'ID_CONFLICT', `id ${error.eventId.split(':').slice(1).join(':')} is already used by another record`));
        }
      }
      return decides.map(() => ledgerError(409, 'REVISION_CONFLICT', 'the member record kept changing under concurrent writers; retry the command'));
    });
  }

  private async load(memberId: string): Promise<MemberLedger> {
    const state = this.cache.get(memberId) ?? emptyLedger();
    const from = state.revision === null ? 0n : state.revision + 1n;
    for (const event of await this.store.readStream(memberStream(memberId), from)) evolve(state, event);
    this.cache.delete(memberId);
    this.cache.set(memberId, state);
    if (this.cache.size > CACHE_MEMBERS) this.cache.delete(this.cache.keys().next().value!);
    return state;
  }

  private afterAppend(state: MemberLedger, events: MemberEvent[], positions: bigint[], nextRevision: bigint): void {
    const first = nextRevision - BigInt(events.length - 1);
    events.forEach((e, i) => {
      evolve(state, { ...e, revision: first + BigInt(i), position: positions[i] });
      this.metrics.eventsAppended.inc({ type: e.type });
    });
  }

  private serialised<T>(memberId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(memberId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(memberId, tail);
    void tail.then(() => {
      if (this.queues.get(memberId) === tail) this.queues.delete(memberId);
    });
    return next;
  }
}

function replayed<R>(decision: Decision<R>, positions: bigint[] = []): Accepted<R> {
  const at = decision.replayedAt ?? 0n;
  return { status: 200, body: { ...decision.result, position: Number(at < 0n ? positions[Number(-at) - 1] : at) } };
}

/** Each accepted decision's position is the one of its first event; replays keep their original one. */
function assignPositions<R>(decisions: (Decision<R> | LedgerError)[], positions: bigint[]): (Accepted<R> | LedgerError)[] {
  let next = 0;
  return decisions.map((d) => {
    if (isLedgerError(d)) return d;
    if (d.events.length === 0) return replayed(d, positions);
    const position = positions[next];
    next += d.events.length;
    return { status: 201, body: { ...d.result, position: Number(position) } };
  });
}
