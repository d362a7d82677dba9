/** Member-fact commands (api.md "Commands"), each built from its validated body; the hash covers the fact recorded. */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import { addressKey, surnameKey } from '../../events/match-key.js';
import { memberStream, type MemberEventMap } from '../../events/member.events.js';
import { memberStreamKind, type MemberLedger } from '../member/member-state.js';
import {
  decideFact,
  decideRevocation,
  type FactResult,
  type FactType,
  type RecordFact,
  type RevokeAuthorization,
} from './member-facts.decider.js';
import type {
  RecordAddressStateRequestDto,
  RecordAuthorizationRequestDto,
  RecordCustodyPeriodRequestDto,
  RecordDeathRequestDto,
  RecordHieConsentRequestDto,
  RecordPrivacyProfileRequestDto,
  RecordRepresentativeRequestDto,
  RevokeAuthorizationRequestDto,
} from './member-facts.request.dto.js';

/** A fact as recorded: the payload with the hash of the payload (without the hash) added. */
function fact<K extends FactType>(
  memberId: string,
  type: K,
  payload: Omit<MemberEventMap[K], 'commandHash'>,
): RecordFact {
  return { memberId, type, data: { ...payload, commandHash: commandHash(payload) } } as unknown as RecordFact;
}

export const toAuthorization = (memberId: string, b: RecordAuthorizationRequestDto) =>
  fact(memberId, 'AuthorizationRecorded', {
    authorizationId: b.authorizationId,
    recipient: { name: b.recipient.name, address: b.recipient.address ?? null, id: b.recipient.id ?? null },
    purpose: b.purpose,
    phiScope: b.phiScope,
    signedOn: b.signedOn,
    expiresOn: b.expiresOn ?? null,
  });

export const toHieConsent = (memberId: string, b: RecordHieConsentRequestDto) =>
  fact(memberId, 'HieConsentRecorded', { consentId: b.consentId, decision: b.decision, effectiveAt: b.effectiveAt });

export const toDeath = (memberId: string, b: RecordDeathRequestDto) =>
  fact(memberId, 'DeathRecorded', { diedOn: b.diedOn });

export const toCustodyPeriod = (memberId: string, b: RecordCustodyPeriodRequestDto) =>
  fact(memberId, 'CustodyPeriodRecorded', { custodyId: b.custodyId, from: b.from, until: b.until ?? null });

export const toRepresentative = (memberId: string, b: RecordRepresentativeRequestDto) =>
  fact(memberId, 'PersonalRepresentativeRecorded', {
    representativeId: b.representativeId,
    personId: b.personId,
    kind: b.kind,
    from: b.from ?? null,
    until: b.until ?? null,
    declinedBasis: b.declinedBasis ?? null,
  });

export const toAddressState = (memberId: string, b: RecordAddressStateRequestDto) =>
  fact(memberId, 'AddressStateRecorded', { addressId: b.addressId, state: b.state, effectiveOn: b.effectiveOn });

/** The surname and address become match keys here: the ledger never stores either text (events/match-key.ts). */
export const toPrivacyProfile = (memberId: string, b: RecordPrivacyProfileRequestDto) =>
  fact(memberId, 'PrivacyProfileRecorded', {
    profileId: b.profileId,
    surnameKey: b.surname ? surnameKey(b.surname) : null,
    addressKey: b.address ? addressKey(b.address) : null,
    vip: b.vip ?? false,
    workforceActorId: b.workforceActorId ?? null,
  });

export function toRevocation(
  memberId: string,
  authorizationId: string,
  b: RevokeAuthorizationRequestDto,
): RevokeAuthorization {
  return {
    memberId,
    authorizationId,
    revokedOn: b.revokedOn,
    commandHash: commandHash({ authorizationId, revokedOn: b.revokedOn }),
  };
}

/** Recording a fact once on the member's stream (decideFact). */
export const recordFact: UseCase<RecordFact, MemberLedger, FactResult> = {
  kind: memberStreamKind,
  target: (c) => ({ stream: memberStream(c.memberId) }),
  decide: (c, state) => decideFact(c, state),
};

export class RecordAuthorizationCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordHieConsentCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordDeathCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordCustodyPeriodCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordRepresentativeCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordAddressStateCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RecordPrivacyProfileCommand extends LedgerCommand<RecordFact, FactResult> {
  static readonly useCase = recordFact;
}

export class RevokeAuthorizationCommand extends LedgerCommand<RevokeAuthorization, FactResult> {
  static readonly useCase: UseCase<RevokeAuthorization, MemberLedger, FactResult> = {
    kind: memberStreamKind,
    target: (c) => ({ stream: memberStream(c.memberId) }),
    decide: (c, state) => decideRevocation(c, state),
  };
}
