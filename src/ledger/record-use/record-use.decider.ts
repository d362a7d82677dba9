/** A use is recorded once per useId (and member): the same body again replays, another body conflicts. */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import type { LedgerError } from '../../commands/ledger-error.js';
import type { PhiUsed, UseEvent } from '../../events/use.events.js';
import type { UseLedger } from './use-stream.js';

export interface UseResult {
  memberId: string;
  useId: string;
}

export function decideUse(use: PhiUsed, state: UseLedger): Decision<UseResult, UseEvent> | LedgerError {
  const result = () => ({ memberId: use.memberId, useId: use.useId });
  const replay = replayOf(state.get(use.useId), use.commandHash, result, conflictOf('use', use.useId));
  if (replay) return replay;
  return { events: [{ type: 'PhiUsed', eventId: `use:${use.memberId}:${use.useId}`, data: use }], result: result() };
}
