/**
 * The legal-basis check at record time, against the member's stream (issue #3, api.md "Commands"). The
 * recorder claims a basis; the ledger re-checks what it can and records the disclosure as impermissible
 * (with a breach-assessment flag) when the claim does not hold.
 */
import { AUTHORIZATION_BASIS, CORRECTIONAL_BASIS, cites } from '../../accounting/engine/legal-bases.js';
import type { DisclosureRecord, Recipient } from '../member/member-events.js';
import type { MemberLedger } from '../member/member-ledger.js';
import { ledgerError, type LedgerError } from '../shared/ledger-error.js';

/** The plan dates a disclosure spans: one day for an instant, the period for a disclosure known by period. */
export interface DisclosureDays {
  first: string;
  last: string;
}

export interface Judgement {
  permitted: boolean;
  findings: string[];
}

export function sameRecipient(a: Recipient, b: Recipient): boolean {
  if (a.id && b.id) return a.id === b.id;
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/** 164.512(k)(5) / (a)(1)(vii): in lawful custody on every day of the disclosure. */
export function inCustody(state: MemberLedger, days: DisclosureDays): boolean {
  for (const { data } of state.custodyPeriods.values())
    if (data.from <= days.first && (data.until === null || days.last <= data.until)) return true;
  return false;
}

/** 164.508: an authorization for this member, covering the recipient, signed on or before and valid through the disclosure. */
function authorizationProblem(state: MemberLedger, d: DisclosureRecord, days: DisclosureDays): string | null {
  const id = d.legalBasis.authorizationId;
  if (!id) return '164.508 basis without an authorizationId';
  const authorization = state.authorizations.get(id);
  if (!authorization) return `authorization ${id} is not recorded for this member`;
  const { data, revokedOn } = authorization;
  if (!sameRecipient(data.recipient, d.recipient)) return `authorization ${id} does not cover this recipient`;
  if (data.signedOn > days.first) return `authorization ${id} was signed on ${data.signedOn}, after the disclosure`;
  if (revokedOn !== null && revokedOn <= days.last) return `authorization ${id} was revoked on ${revokedOn}`;
  if (data.expiresOn !== null && data.expiresOn < days.last) return `authorization ${id} expired on ${data.expiresOn}`;
  return null;
}

/** An HIE disclosure after an effective opt-out (the latest HIE decision at the disclosure is opt-out). */
function hieOptOutProblem(
  state: MemberLedger,
  d: DisclosureRecord,
  days: DisclosureDays,
  timeOf: (i: string) => string,
): string | null {
  if (d.channel !== 'hie' || state.hieConsents.length === 0) return null;
  const at = d.occurredAt;
  const effectiveBy = (effectiveAt: string) =>
    at ? Date.parse(effectiveAt) <= Date.parse(at) : timeOf(effectiveAt) <= days.last;
  const inForce = state.hieConsents
    .filter((c) => effectiveBy(c.effectiveAt))
    .sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt))
    .at(-1);
  return inForce?.decision === 'opt-out' ? `the member opted out of the HIE effective ${inForce.effectiveAt}` : null;
}

export function judgeLegalBasis(
  state: MemberLedger,
  d: DisclosureRecord,
  days: DisclosureDays,
  timeOf: (instant: string) => string,
): Judgement | LedgerError {
  const { cfr, permitted } = d.legalBasis;
  if (cfr === null && permitted) {
    return ledgerError(
      422,
      'INVALID_LEGAL_BASIS',
      'legalBasis.cfr may be null only with permitted: false',
      'legalBasis.cfr',
    );
  }
  if (cites(cfr, CORRECTIONAL_BASIS) && !inCustody(state, days)) {
    return ledgerError(
      422,
      'INVALID_LEGAL_BASIS',
      `164.512(k)(5) needs the member to be in lawful custody on ${days.first === days.last ? days.first : `${days.first} to ${days.last}`}; no recorded custody period covers it`,
      'legalBasis.cfr',
    );
  }
  const findings = [
    cites(cfr, AUTHORIZATION_BASIS) ? authorizationProblem(state, d, days) : null,
    hieOptOutProblem(state, d, days, timeOf),
  ].filter((f): f is string => f !== null);
  if (!permitted) findings.unshift('recorded as impermissible by the recorder');
  return { permitted: permitted && findings.length === 0, findings };
}
