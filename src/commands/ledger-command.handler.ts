/**
 * The one command handler (architecture.md §5): every command and batch of commands runs here. For each stream:
 * load its state (or take it from the state cache) → decide (pure) → append with the expected revision → retry a
 * bounded number of times on a revision conflict → answer (201, or 200 with the first answer for a command already
 * recorded). Commands for one stream are serialised within this process (a queue per stream); across instances the
 * expected revision does the same job.
 *
 * A cached state (or, for an optimistic kind, the initial state: StreamKind.optimistic) is trusted without reading the
 * stream: a decision that appends is checked by the store against the revision it was decided on (an event written
 * meanwhile by another instance fails it with a revision conflict, and the retry reads the stream), and a repeated
 * event id is recognised by the store itself. A decision that answers without appending (a refusal, a replay) has no
 * such check, so before it is given the stream is read and the commands decided again.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { policyFromConfig } from '../config/policy.js';
import { EventIdConflictError, RevisionConflictError } from '../event-store/errors.js';
import {
  EVENT_STORE,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
} from '../event-store/event-store.port.js';
import { LedgerMetrics } from '../ops/metrics.js';
import type { AccountingPolicy } from '../rules/policy.js';
import { envelope, type CommandContext } from './command-context.js';
import type { Accepted, DecidedEvent, Decision, Outcome } from './decision.js';
import {
  CommandBatch,
  CommandImport,
  LedgerCommandBase,
  useCaseOf,
  type BatchItem,
  type Consulted,
  type LedgerCommand,
  type StreamTarget,
} from './ledger-command.js';
import { isLedgerError, ledgerError, type LedgerError } from './ledger-error.js';
import { StateCache, type Loaded } from './state-cache.js';
import type { StreamKind } from './stream-kind.js';

const MAX_ATTEMPTS = 8;
const NOTHING_CONSULTED: readonly unknown[] = [];

@CommandHandler(LedgerCommandBase)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommandBase<unknown>> {
  private readonly cache: StateCache;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly policy: AccountingPolicy;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: LedgerMetrics,
    @Inject(CONFIG) config: LedgerConfig,
  ) {
    this.cache = new StateCache(config.LEDGER_MEMBER_CACHE);
    this.policy = policyFromConfig(config);
  }

  execute(command: LedgerCommandBase<unknown>): Promise<unknown> {
    if (command instanceof CommandImport) return this.runImport(command);
    return command instanceof CommandBatch ? this.runBatch(command) : this.run(command as LedgerCommand);
  }

  async run(command: LedgerCommand): Promise<Outcome<unknown>> {
    const stream = await this.streamOf(useCaseOf(command).target(command.data));
    if (isLedgerError(stream)) return stream;
    return (await this.runOnStream(stream, [command], command.context))[0];
  }

  /** Items for the same stream are decided in order and appended together; streams run concurrently. */
  async runBatch({ items, context }: CommandBatch): Promise<Map<number, Outcome<unknown>>> {
    const { outcomes, byStream } = await this.byStream(items);
    await Promise.all([...byStream].map(([stream, group]) => this.runGroup(stream, group, context, outcomes)));
    return outcomes;
  }

  /**
   * The bulk path (an import's chunk): the same decisions as a batch without the per-stream machinery. Each stream's
   * state is taken from the cache or read, all at once; every command is decided in one synchronous loop; every
   * stream's append is submitted in the same turn, so the store commits them together. What that path cannot answer
   * on its own goes the batch way (runOnStream, which reads the stream, retries and answers): a stream busy with other
   * commands, a decision on a cached state that answers without appending (a replay, a refusal), and an append that
   * conflicts or finds its events already stored.
   */
  async runImport({ items, context }: CommandImport): Promise<Map<number, Outcome<unknown>>> {
    const { outcomes, byStream } = await this.byStream(items);
    const entries = [...byStream];
    const slow = entries.filter(([stream]) => this.queues.has(stream));
    const groups = entries.filter(([stream]) => !this.queues.has(stream));
    const commandsOf = groups.map(([, group]) => group.map((i) => i.command));
    const kinds = commandsOf.map((commands) => useCaseOf(commands[0]).kind);
    const loads = await Promise.all(
      groups.map(([stream], g) =>
        this.load(
          stream,
          kinds[g],
          false,
          commandsOf[g].every((c) => useCaseOf(c).decidesOnFacts),
        ),
      ),
    );
    const targets = groups.map((_, g) => this.consults(commandsOf[g], loads[g].loaded.state));
    const consulted = targets.every((t) => t === null)
      ? NOTHING_CONSULTED
      : await this.consult(targets.flatMap((t, g) => t ?? commandsOf[g].map(() => null)));
    const appends: Promise<void>[] = [];
    let next = 0; // the first of a group's commands in `consulted`
    groups.forEach(([stream, group], g) => {
      const { loaded, fresh, expected, whole } = loads[g];
      const commands = commandsOf[g];
      const mine = consulted === NOTHING_CONSULTED ? consulted : consulted.slice(next, (next += commands.length));
      const decisions = this.decideAll(kinds[g], loaded.state, commands, new Map(), mine);
      const answer = (results: Outcome<unknown>[]) => results.forEach((r, k) => outcomes.set(group[k].index, r));
      // an answer without an append is given on the stream as stored: a cached state may be stale, and facts alone
      // know nothing recorded before (a replay decided on them is of an earlier line of this group, appended with it)
      if (!fresh && decisions.some((d) => isLedgerError(d) || (whole && d.events.length === 0)))
        return void slow.push([stream, group]);
      const events = decisions.flatMap((d) => (isLedgerError(d) ? [] : d.events));
      if (events.length === 0) return answer(decisions.map((d) => (isLedgerError(d) ? d : replayed(d))));
      const append = this.store.append(
        stream,
        events.map((e) => envelope(e, context)),
        expected,
      );
      appends.push(
        append.then(
          (appended) => {
            if (appended.replayed) return void slow.push([stream, group]);
            this.afterAppend(stream, kinds[g], whole ? loaded : null, events, appended);
            answer(assignPositions(decisions, appended.positions));
          },
          (error: unknown) => {
            if (!(error instanceof RevisionConflictError || error instanceof EventIdConflictError)) throw error;
            slow.push([stream, group]);
          },
        ),
      );
    });
    await Promise.all(appends);
    await Promise.all(slow.map(([stream, group]) => this.runGroup(stream, group, context, outcomes)));
    return outcomes;
  }

  /** A batch's items by the stream each is decided on (in order within a stream); those with no stream answered. */
  private async byStream(items: readonly BatchItem[]) {
    const outcomes = new Map<number, Outcome<unknown>>();
    const byStream = new Map<string, BatchItem[]>();
    const targets = items.map((i) => useCaseOf(i.command).target(i.command.data));
    // most batches name their streams; only targets found by event id need the store (and a wait)
    const streams = targets.every((t) => 'stream' in t)
      ? targets.map((t) => t.stream)
      : await Promise.all(targets.map((t) => this.streamOf(t)));
    items.forEach((item, k) => {
      const stream = streams[k];
      if (isLedgerError(stream)) return void outcomes.set(item.index, stream);
      const group = byStream.get(stream);
      if (group) group.push(item);
      else byStream.set(stream, [item]);
    });
    return { outcomes, byStream };
  }

  private async runGroup(
    stream: string,
    group: BatchItem[],
    context: CommandContext,
    outcomes: Map<number, Outcome<unknown>>,
  ): Promise<void> {
    const results = await this.runOnStream(
      stream,
      group.map((i) => i.command),
      context,
    );
    results.forEach((r, k) => outcomes.set(group[k].index, r));
  }

  private async streamOf(target: StreamTarget): Promise<string | LedgerError> {
    if ('stream' in target) return target.stream;
    const stream = await this.store.streamOf(target.streamOfEvent);
    return stream?.startsWith(target.prefix) ? stream : target.notFound;
  }

  /** Decides the commands in order against one state (each sees the ones before it) and appends them together. */
  private runOnStream(stream: string, commands: LedgerCommand[], context: CommandContext): Promise<Outcome<unknown>[]> {
    const kind = useCaseOf(commands[0]).kind;
    return this.serialised(stream, async () => {
      const refused = new Map<number, LedgerError>();
      let read = false;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const { loaded, fresh, expected } = await this.load(stream, kind, read);
        const consulted = this.consults(commands, loaded.state);
        const consultedStates = consulted === null ? NOTHING_CONSULTED : await this.consult(consulted);
        const decisions = this.decideAll(kind, loaded.state, commands, refused, consultedStates);
        if (!fresh && decisions.some((d) => isLedgerError(d) || d.events.length === 0)) {
          read = true; // an answer without an append: decide again on the stream as stored
          continue;
        }
        const events = decisions.flatMap((d) => (isLedgerError(d) ? [] : d.events));
        if (events.length === 0) return decisions.map((d) => (isLedgerError(d) ? d : replayed(d)));
        try {
          const appended = await this.store.append(
            stream,
            events.map((e) => envelope(e, context)),
            expected,
          );
          if (appended.replayed) {
            read = true; // the store already held these events (recorded through another instance): answer as a replay
            continue;
          }
          this.afterAppend(stream, kind, loaded, events, appended);
          return assignPositions(decisions, appended.positions);
        } catch (error) {
          if (error instanceof RevisionConflictError) {
            read = true;
            continue;
          }
          if (!(error instanceof EventIdConflictError)) throw error;
          if (!fresh) {
            read = true; // decided on the cached state: the stream may hold that id's first record by now
            continue;
          }
          const culprit = decisions.findIndex(
            (d) => !isLedgerError(d) && d.events.some((e) => e.eventId === error.eventId),
          );
          if (culprit < 0) throw error;
          const id = error.eventId.split(':').slice(1).join(':');
          refused.set(culprit, ledgerError(409, 'ID_CONFLICT', `id ${id} is already used by another record`));
        }
      }
      return commands.map(() =>
        ledgerError(409, 'REVISION_CONFLICT', 'the record kept changing under concurrent writers; retry the command'),
      );
    });
  }

  /**
   * Each command decided on the state as the ones before it left it. A later item of a batch may replay an earlier
   * one whose position is not known yet: its events are folded in with the placeholder position −(index of the event
   * in this append + 1), resolved once the append returns (`assignPositions`).
   */
  private decideAll<S>(
    kind: StreamKind<S>,
    state: S,
    commands: LedgerCommand[],
    refused: Map<number, LedgerError>,
    consulted: readonly unknown[],
  ): (Decision<unknown> | LedgerError)[] {
    let working = state;
    let draft: S | null = null; // the batch's own copy, when the kind folds into drafts (StreamKind.drafts)
    let pending = 0;
    return commands.map((command, i) => {
      const done = refused.get(i);
      if (done) return done;
      const decision = useCaseOf(command).decide(command.data, working, this.policy, consulted[i]);
      if (!isLedgerError(decision) && decision.events.length > 0 && commands.length > 1) {
        const decided = decision.events.map((e) => ({ type: e.type, data: e.data, position: BigInt(-++pending) }));
        if (kind.drafts) {
          draft ??= kind.drafts.draft(state);
          kind.drafts.foldInto(draft, decided);
          working = draft;
        } else working = kind.fold(working, decided);
      }
      return decision;
    });
  }

  /** The stream each command consults (UseCase.consults), or null when none does (no read, no extra await). */
  private consults(commands: LedgerCommand[], state: unknown): (Consulted | null)[] | null {
    let any = false;
    const targets = commands.map((c) => {
      const target = useCaseOf(c).consults?.(c.data, state) ?? null;
      any ||= target !== null;
      return target;
    });
    return any ? targets : null;
  }

  /** The state of each consulted stream, read as stored; each stream read once. */
  private async consult(targets: (Consulted | null)[]): Promise<unknown[]> {
    const read = new Map<string, Promise<unknown>>();
    const none: Promise<unknown> = Promise.resolve(null);
    return Promise.all(
      targets.map((t): Promise<unknown> => {
        if (t === null) return none;
        let state = read.get(t.stream);
        if (!state) {
          state = this.store.readStream(t.stream).then((events) => t.kind.fold(t.kind.initial(), events));
          read.set(t.stream, state);
        }
        return state;
      }),
    );
  }

  /**
   * The state a decision is made on, and the revision its append expects: the cached state as is (`fresh: false`);
   * an optimistic kind's initial state, unread, appended to whatever the stream holds (`any`; `fresh: false`); with
   * `facts` (UseCase.decidesOnFacts), the stream's facts folded, appended at the stream's revision (`fresh: false`,
   * not `whole`: never cached, and a replay decided on it is of a command decided with it); or, when not cached or
   * `read`, the state folded with the stream's newer events.
   */
  private async load<S>(
    stream: string,
    kind: StreamKind<S>,
    read: boolean,
    facts = false,
  ): Promise<{ loaded: Loaded<S>; fresh: boolean; expected: ExpectedRevision; whole: boolean }> {
    if (kind.optimistic && !read)
      return { loaded: { state: kind.initial(), revision: null }, fresh: false, expected: 'any', whole: true };
    const cached = kind.cached ? this.cache.get<S>(stream) : undefined;
    if (cached && !read) return { loaded: cached, fresh: false, expected: cached.revision ?? 'no-stream', whole: true };
    if (facts && !read) {
      const known = await this.store.readStreamFacts(stream);
      const loaded = { state: kind.fold(kind.initial(), known.events), revision: known.revision };
      return { loaded, fresh: false, expected: known.revision ?? 'no-stream', whole: false };
    }
    const base: Loaded<S> = cached ?? { state: kind.initial(), revision: null };
    const events = await this.store.readStream(stream, base.revision === null ? 0n : base.revision + 1n);
    const loaded =
      events.length === 0 ? base : { state: kind.fold(base.state, events), revision: events.at(-1)!.revision };
    if (kind.cached) this.cache.offer(stream, loaded);
    return { loaded, fresh: true, expected: loaded.revision ?? 'no-stream', whole: true };
  }

  /** The cache brought up to date with an append decided on `loaded` (null: a state of facts only, never cached). */
  private afterAppend<S>(
    stream: string,
    kind: StreamKind<S>,
    loaded: Loaded<S> | null,
    events: DecidedEvent[],
    appended: AppendResult,
  ): void {
    if (kind.cached && loaded) {
      const stored = events.map((e, i) => ({ type: e.type, data: e.data, position: appended.positions[i] }));
      this.cache.update(stream, { state: kind.fold(loaded.state, stored), revision: appended.nextRevision });
    }
    for (const e of events) this.metrics.eventsAppended.inc({ type: e.type });
  }

  private serialised<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(stream) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(stream, tail);
    void tail.then(() => {
      if (this.queues.get(stream) === tail) this.queues.delete(stream);
    });
    return next;
  }
}

function replayed<R>(decision: Decision<R>, positions: bigint[] = []): Accepted<R> {
  const at = decision.replayedAt ?? 0n;
  return { status: 200, body: { ...decision.result, position: Number(at < 0n ? positions[Number(-at) - 1] : at) } };
}

/** Each accepted decision's position is the one of its first event; replays keep their original one. */
function assignPositions<R>(decisions: (Decision<R> | LedgerError)[], positions: bigint[]): Outcome<R>[] {
  let next = 0;
  return decisions.map((d) => {
    if (isLedgerError(d)) return d;
    if (d.events.length === 0) return replayed(d, positions);
    const position = positions[next];
    next += d.events.length;
    return { status: 201, body: { ...d.result, position: Number(position) } };
  });
}
