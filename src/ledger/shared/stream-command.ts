/**
 * Load → decide → append for a short entity stream (a suspension, an accounting request): fold the whole
 * stream, decide, append with the expected revision, retry (bounded) when another writer got there first.
 */
import { EventIdConflictError, RevisionConflictError } from '../../event-store/errors.js';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port.js';
import { envelope, type CommandContext } from './command-context.js';
import type { Decision } from './decision.js';
import { isLedgerError, ledgerError, type LedgerError } from './ledger-error.js';
import type { Accepted } from './member-command.runner.js';

export type StreamEvent = { type: string; eventId: string; data: unknown };

export async function runOnStream<S, R>(
  store: EventStore,
  stream: string,
  fold: (events: StoredEvent[]) => S,
  decide: (state: S) => Decision<R, StreamEvent> | LedgerError,
  context: CommandContext,
): Promise<Accepted<R> | LedgerError> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const events = await store.readStream(stream);
    const decision = decide(fold(events));
    if (isLedgerError(decision)) return decision;
    if (decision.events.length === 0)
      return { status: 200, body: { ...decision.result, position: Number(decision.replayedAt ?? 0n) } };
    try {
      const appended = await store.append(
        stream,
        decision.events.map((e) => envelope(e, context)),
        events.length === 0 ? 'no-stream' : events[events.length - 1].revision,
      );
      return {
        status: appended.replayed ? 200 : 201,
        body: { ...decision.result, position: Number(appended.positions[0]) },
      };
    } catch (error) {
      if (error instanceof RevisionConflictError) continue;
      if (error instanceof EventIdConflictError)
        return ledgerError(409, 'ID_CONFLICT', 'this id is already used by another record');
      throw error;
    }
  }
  return ledgerError(409, 'REVISION_CONFLICT', 'the record kept changing under concurrent writers; retry the command');
}
