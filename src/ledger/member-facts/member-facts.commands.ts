/** Builds each member-fact command's decider from its validated body (pure; no I/O). */
import type { Decide } from '../shared/member-command.runner.js';
import { commandHash } from '../shared/command-hash.js';
import { decideRevocation, recordOnce, type FactResult } from './member-facts.decider.js';
import type {
  RecordAuthorizationRequestDto,
  RecordCustodyPeriodRequestDto,
  RecordDeathRequestDto,
  RecordHieConsentRequestDto,
  RecordRepresentativeRequestDto,
  RevokeAuthorizationRequestDto,
} from './member-facts.request.dto.js';

export function recordAuthorization(memberId: string, b: RecordAuthorizationRequestDto): Decide<FactResult> {
  const data = {
    authorizationId: b.authorizationId,
    recipient: { name: b.recipient.name, address: b.recipient.address ?? null, id: b.recipient.id ?? null },
    purpose: b.purpose,
    phiScope: b.phiScope,
    signedOn: b.signedOn,
    expiresOn: b.expiresOn ?? null,
  };
  const hash = commandHash(data);
  return (state) =>
    recordOnce(state, {
      key: `authorization:${b.authorizationId}`,
      hash,
      what: 'authorization',
      id: b.authorizationId,
      event: {
        type: 'AuthorizationRecorded',
        eventId: `authorization:${memberId}:${b.authorizationId}`,
        data: { ...data, commandHash: hash },
      },
      result: { memberId, authorizationId: b.authorizationId },
    });
}

export function revokeAuthorization(
  memberId: string,
  authorizationId: string,
  b: RevokeAuthorizationRequestDto,
): Decide<FactResult> {
  const hash = commandHash({ authorizationId, revokedOn: b.revokedOn });
  return (state) => decideRevocation(state, { memberId, authorizationId, revokedOn: b.revokedOn, commandHash: hash });
}

export function recordHieConsent(memberId: string, b: RecordHieConsentRequestDto): Decide<FactResult> {
  const data = { consentId: b.consentId, decision: b.decision, effectiveAt: b.effectiveAt };
  const hash = commandHash(data);
  return (state) =>
    recordOnce(state, {
      key: `consent:${b.consentId}`,
      hash,
      what: 'HIE consent',
      id: b.consentId,
      event: {
        type: 'HieConsentRecorded',
        eventId: `consent:${memberId}:${b.consentId}`,
        data: { ...data, commandHash: hash },
      },
      result: { memberId, consentId: b.consentId },
    });
}

/** One death per member: a second with another date is a conflict (a correction needs the privacy office). */
export function recordDeath(memberId: string, b: RecordDeathRequestDto): Decide<FactResult> {
  const hash = commandHash({ diedOn: b.diedOn });
  return (state) =>
    recordOnce(state, {
      key: 'death',
      hash,
      what: 'death of member',
      id: memberId,
      event: { type: 'DeathRecorded', eventId: `death:${memberId}`, data: { diedOn: b.diedOn, commandHash: hash } },
      result: { memberId, diedOn: b.diedOn },
    });
}

export function recordCustodyPeriod(memberId: string, b: RecordCustodyPeriodRequestDto): Decide<FactResult> {
  const data = { custodyId: b.custodyId, from: b.from, until: b.until ?? null };
  const hash = commandHash(data);
  return (state) =>
    recordOnce(state, {
      key: `custody:${b.custodyId}`,
      hash,
      what: 'custody period',
      id: b.custodyId,
      event: {
        type: 'CustodyPeriodRecorded',
        eventId: `custody:${memberId}:${b.custodyId}`,
        data: { ...data, commandHash: hash },
      },
      result: { memberId, custodyId: b.custodyId },
    });
}

export function recordRepresentative(memberId: string, b: RecordRepresentativeRequestDto): Decide<FactResult> {
  const data = {
    representativeId: b.representativeId,
    personId: b.personId,
    kind: b.kind,
    from: b.from ?? null,
    until: b.until ?? null,
    declinedBasis: b.declinedBasis ?? null,
  };
  const hash = commandHash(data);
  return (state) =>
    recordOnce(state, {
      key: `representative:${b.representativeId}`,
      hash,
      what: 'personal representative',
      id: b.representativeId,
      event: {
        type: 'PersonalRepresentativeRecorded',
        eventId: `representative:${memberId}:${b.representativeId}`,
        data: { ...data, commandHash: hash },
      },
      result: { memberId, representativeId: b.representativeId },
    });
}
