/**
 * The legal-basis check at record time, against the member's stream (api.md "Commands"). The recorder claims a
 * basis; the ledger re-checks what it can (rules/: 164.508 authorizations, HIE opt-out, 164.512(k)(5) custody) and
 * records the disclosure as impermissible (with a breach-assessment flag) when the claim does not hold.
 */
import { ledgerError, type LedgerError } from '../../commands/ledger-error.js';
import type { DisclosureRecord } from '../../events/member.events.js';
import { authorizationProblem } from '../../rules/authorizations.js';
import { associateFinding, ASSOCIATE_CHANNELS, type AssociateOnFile } from '../../rules/business-associates.js';
import { inCustody } from '../../rules/custody.js';
import { describeDays, inFuture, type DisclosureDays } from '../../rules/disclosure-days.js';
import { hieOptOutProblem } from '../../rules/hie-consent.js';
import { AUTHORIZATION_BASIS, CORRECTIONAL_BASIS, cites, isKnownBasis } from '../../rules/legal-bases.js';
import type { MemberLedger } from '../member/member-state.js';

/** The flag an impermissible disclosure carries in the write response (and the audit queue it joins). */
export const BREACH_FLAG = 'BREACH_ASSESSMENT_REQUIRED';

export interface Judgement {
  permitted: boolean;
  /** why the ledger judged the disclosure impermissible, if it did */
  findings: string[];
}

/** A disclosure recorded (or corrected) at `recordedAt` that cannot have happened yet: 422 OCCURRED_IN_FUTURE. */
export function occurredInFuture(
  d: DisclosureRecord,
  recordedAt: string,
  timeZone: string,
  pointerPrefix = '',
): LedgerError | null {
  const future = inFuture(d, recordedAt, timeZone);
  return future && ledgerError(422, 'OCCURRED_IN_FUTURE', future.detail, pointerPrefix + future.field);
}

/**
 * The register entry a disclosure is judged against (UseCase.consults): the associate named by `recipient.id`, on a
 * channel where an agreement matters.
 */
export function associateOf(d: Pick<DisclosureRecord, 'channel' | 'recipient'>): string | null {
  const id = d.recipient.id ?? null;
  return id !== null && ASSOCIATE_CHANNELS.includes(d.channel) ? id : null;
}

export function judgeLegalBasis(
  state: MemberLedger,
  d: DisclosureRecord,
  days: DisclosureDays,
  timeZone: string,
  associate: AssociateOnFile | null = null,
  /** false for a correction that leaves the basis as recorded (a citation accepted then is not refused now) */
  checkCitation = true,
): Judgement | LedgerError {
  const { cfr, permitted, authorizationId } = d.legalBasis;
  if (cfr === null && permitted) {
    return ledgerError(
      422,
      'INVALID_LEGAL_BASIS',
      'legalBasis.cfr may be null only with permitted: false',
      'legalBasis.cfr',
    );
  }
  if (checkCitation && cfr !== null && !isKnownBasis(cfr)) {
    return ledgerError(
      422,
      'UNKNOWN_LEGAL_BASIS',
      `legalBasis.cfr ${cfr} is not a citation the ledger's rule table knows (164.502–164.524; see docs/rules.md)`,
      'legalBasis.cfr',
    );
  }
  if (cites(cfr, CORRECTIONAL_BASIS) && !inCustody(state.custodyPeriods, days)) {
    const when = describeDays(days);
    return ledgerError(
      422,
      'INVALID_LEGAL_BASIS',
      `164.512(k)(5) needs the member to be in lawful custody on ${when}; no recorded custody period covers it`,
      'legalBasis.cfr',
    );
  }
  const findings: string[] = [];
  if (!permitted) findings.push('recorded as impermissible by the recorder');
  if (cites(cfr, AUTHORIZATION_BASIS)) {
    const problem = authorizationProblem(
      authorizationId,
      authorizationId ? state.authorizations.get(authorizationId) : undefined,
      d.recipient,
      days,
    );
    if (problem) findings.push(problem);
  }
  const outsideAgreement = associateFinding({ channel: d.channel, cfr }, associate, days);
  if (outsideAgreement) findings.push(outsideAgreement);
  if (d.channel === 'hie') {
    const problem = hieOptOutProblem(state.hieConsents, cfr, d.occurredAt, days, timeZone);
    if (problem) findings.push(problem);
  }
  return { permitted: permitted && findings.length === 0, findings };
}
