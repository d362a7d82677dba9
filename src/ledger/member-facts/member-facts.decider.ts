/**
 * Member facts the accounting depends on: authorizations (164.508) and revocations, HIE consents, death
 * (164.502(f), 160.103 "deceased for more than 50 years"), custody periods (164.512(k)(5)) and personal
 * representatives (164.502(g), including a declined one under (g)(5)). Each is recorded once per id.
 */
import type { MemberEvent } from '../member/member-events.js';
import type { MemberLedger } from '../member/member-ledger.js';
import type { Decision } from '../shared/decision.js';
import { idConflict, ledgerError, type LedgerError } from '../shared/ledger-error.js';

export interface FactResult {
  memberId: string;
  [id: string]: string;
}

/** Records `event` unless `key` was already recorded: the same body replays, another conflicts. */
export function recordOnce(
  state: MemberLedger,
  fact: { key: string; hash: string; what: string; id: string; event: MemberEvent; result: FactResult },
): Decision<FactResult> | LedgerError {
  const seen = state.commands.get(fact.key);
  if (seen)
    return seen.hash === fact.hash
      ? { events: [], result: fact.result, replayedAt: seen.position }
      : idConflict(fact.what, fact.id);
  return { events: [fact.event], result: fact.result };
}

/** A revocation needs the authorization, and cannot predate its signature. */
export function decideRevocation(
  state: MemberLedger,
  cmd: { memberId: string; authorizationId: string; revokedOn: string; commandHash: string },
): Decision<FactResult> | LedgerError {
  const authorization = state.authorizations.get(cmd.authorizationId);
  if (!authorization)
    return ledgerError(
      404,
      'UNKNOWN_AUTHORIZATION',
      `no authorization ${cmd.authorizationId} is recorded for this member`,
    );
  if (!state.commands.has(`revocation:${cmd.authorizationId}`) && cmd.revokedOn < authorization.data.signedOn) {
    return ledgerError(
      422,
      'INVALID_DATE',
      `revokedOn ${cmd.revokedOn} is before the authorization was signed (${authorization.data.signedOn})`,
      'revokedOn',
    );
  }
  return recordOnce(state, {
    key: `revocation:${cmd.authorizationId}`,
    hash: cmd.commandHash,
    what: 'revocation of authorization',
    id: cmd.authorizationId,
    event: {
      type: 'AuthorizationRevoked',
      eventId: `revocation:${cmd.memberId}:${cmd.authorizationId}`,
      data: { authorizationId: cmd.authorizationId, revokedOn: cmd.revokedOn, commandHash: cmd.commandHash },
    },
    result: { memberId: cmd.memberId, authorizationId: cmd.authorizationId },
  });
}
