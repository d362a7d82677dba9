/**
 * Member facts the accounting depends on: authorizations (164.508) and revocations, HIE consents, death
 * (164.502(f), 160.103 "deceased for more than 50 years"), custody periods (164.512(k)(5)) and personal
 * representatives (164.502(g), including a declined one under (g)(5)); the State of the member's address (164.406
 * counts breach notices per State); the privacy profile the snooping rules read (docs/snooping.md). (Uses of PHI have their own streams: record-use/.)
 * Each is recorded once per id: the same body again replays, another body conflicts.
 */
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { MemberEvent, MemberEventMap } from '../../events/member.events.js';
import { commandKeys, type MemberLedger } from '../member/member-state.js';

/** The facts recorded once per id (the events of `commandKeys` that a command records on its own). */
export type FactType =
  | 'AuthorizationRecorded'
  | 'HieConsentRecorded'
  | 'DeathRecorded'
  | 'CustodyPeriodRecorded'
  | 'PersonalRepresentativeRecorded'
  | 'AddressStateRecorded'
  | 'PrivacyProfileRecorded';

/** A fact to record: its event type and payload (with the command hash) for a member. */
export type RecordFact = { [K in FactType]: { memberId: string; type: K; data: MemberEventMap[K] } }[FactType];

export interface FactResult {
  memberId: string;
  [id: string]: string;
}

interface FactSpec<K extends FactType> {
  /** what the fact is called in a conflict message */
  what: string;
  /** the fact's own id (its event id adds the member: ids are per member) */
  id(memberId: string, data: MemberEventMap[K]): string;
  result(memberId: string, data: MemberEventMap[K]): FactResult;
}

const FACTS: { [K in FactType]: FactSpec<K> } = {
  AuthorizationRecorded: {
    what: 'authorization',
    id: (_, d) => d.authorizationId,
    result: (memberId, d) => ({ memberId, authorizationId: d.authorizationId }),
  },
  HieConsentRecorded: {
    what: 'HIE consent',
    id: (_, d) => d.consentId,
    result: (memberId, d) => ({ memberId, consentId: d.consentId }),
  },
  // one death per member: a second with another date is a conflict (a correction needs the privacy office)
  DeathRecorded: {
    what: 'death of member',
    id: (memberId) => memberId,
    result: (memberId, d) => ({ memberId, diedOn: d.diedOn }),
  },
  CustodyPeriodRecorded: {
    what: 'custody period',
    id: (_, d) => d.custodyId,
    result: (memberId, d) => ({ memberId, custodyId: d.custodyId }),
  },
  PersonalRepresentativeRecorded: {
    what: 'personal representative',
    id: (_, d) => d.representativeId,
    result: (memberId, d) => ({ memberId, representativeId: d.representativeId }),
  },
  PrivacyProfileRecorded: {
    what: 'privacy profile',
    id: (_, d) => d.profileId,
    result: (memberId, d) => ({ memberId, profileId: d.profileId }),
  },
  AddressStateRecorded: {
    what: 'address State',
    id: (_, d) => d.addressId,
    result: (memberId, d) => ({ memberId, addressId: d.addressId }),
  },
};

/** Records the fact unless its id was recorded already: the same body replays, another conflicts. */
export function decideFact(cmd: RecordFact, state: MemberLedger): Decision<FactResult, MemberEvent> | LedgerError {
  const spec = FACTS[cmd.type] as FactSpec<FactType>;
  const key = (commandKeys[cmd.type] as (d: unknown) => string)(cmd.data);
  const id = spec.id(cmd.memberId, cmd.data);
  const result = () => spec.result(cmd.memberId, cmd.data);
  const replay = replayOf(state.commands.get(key), cmd.data.commandHash, result, conflictOf(spec.what, id));
  if (replay) return replay;
  // event ids: `authorization:{memberId}:{authorizationId}`, …; `death:{memberId}`
  const eventId = `${key.split(':')[0]}:${cmd.memberId}${cmd.type === 'DeathRecorded' ? '' : `:${id}`}`;
  return { events: [{ type: cmd.type, eventId, data: cmd.data } as MemberEvent], result: result() };
}

export interface RevokeAuthorization {
  memberId: string;
  authorizationId: string;
  revokedOn: string;
  commandHash: string;
}

/** 164.508(b)(5): a revocation needs the authorization, cannot predate its signature, and is recorded once. */
export function decideRevocation(
  cmd: RevokeAuthorization,
  state: MemberLedger,
): Decision<FactResult, MemberEvent> | LedgerError {
  const authorization = state.authorizations.get(cmd.authorizationId);
  if (!authorization) {
    return ledgerError(
      404,
      'UNKNOWN_AUTHORIZATION',
      `no authorization ${cmd.authorizationId} is recorded for this member`,
    );
  }
  const result = () => ({ memberId: cmd.memberId, authorizationId: cmd.authorizationId });
  const key = commandKeys.AuthorizationRevoked(cmd);
  const replay = replayOf(
    state.commands.get(key),
    cmd.commandHash,
    result,
    conflictOf('revocation of authorization', cmd.authorizationId),
  );
  if (replay) return replay;
  if (cmd.revokedOn < authorization.data.signedOn) {
    return ledgerError(
      422,
      'INVALID_DATE',
      `revokedOn ${cmd.revokedOn} is before the authorization was signed (${authorization.data.signedOn})`,
      'revokedOn',
    );
  }
  const data = { authorizationId: cmd.authorizationId, revokedOn: cmd.revokedOn, commandHash: cmd.commandHash };
  return {
    events: [{ type: 'AuthorizationRevoked', eventId: `revocation:${cmd.memberId}:${cmd.authorizationId}`, data }],
    result: result(),
  };
}
