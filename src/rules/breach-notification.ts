/**
 * Breach notification (45 CFR 164.400–414) as pure functions of plan dates.
 *
 * - 164.402: an impermissible use or disclosure is presumed a breach unless the plan demonstrates a low probability
 *   that the PHI has been compromised, from a risk assessment of at least four factors ((2)(i)–(iv)), or one of the
 *   three exceptions of (1)(i)–(iii) applies. 164.414(b): the burden of proof is the plan's.
 * - 164.404(a)(2): a breach is discovered on the first day it is known, or by exercising reasonable diligence would
 *   have been known. 164.404(b): individuals are notified no later than 60 calendar days after discovery.
 * - 164.406: the media, for a breach involving more than 500 residents of a State or jurisdiction, in the same time.
 * - 164.408(b): the Secretary, for 500 or more individuals, contemporaneously with the individual notices;
 *   (c): for fewer than 500, on the plan's log, no later than 60 days after the end of each calendar year, for the
 *   breaches discovered during that year.
 * - 164.412: a law enforcement official's statement delays the notices: (a) written, for the time it specifies;
 *   (b) oral, no longer than 30 days from the statement unless a written statement is submitted during that time.
 *   The ledger reads the delay as tolling the 60 days: a deadline moves by the days the delay covers after discovery.
 */
import { addDays, daysBetween } from './calendar.js';

export const NOTICE_DAYS = 60;
/** 164.406(a): "more than 500 residents of a State or jurisdiction" */
export const MEDIA_NOTICE_ABOVE = 500;
/** 164.408(b): "500 or more individuals" */
export const HHS_IMMEDIATE_FROM = 500;
/** 164.412(b) */
export const ORAL_DELAY_DAYS = 30;
/** 164.408(c): days after the end of the calendar year */
export const ANNUAL_LOG_DAYS = 60;

/** 164.402(1): the three exceptions to "breach". */
export const BREACH_EXCEPTIONS = {
  '164.402(1)(i)':
    'unintentional acquisition, access or use by a workforce member or person acting under the authority of the plan, in good faith, within scope, not further used or disclosed impermissibly',
  '164.402(1)(ii)':
    'inadvertent disclosure between persons authorized to access PHI at the same covered entity, business associate or OHCA, not further used or disclosed impermissibly',
  '164.402(1)(iii)':
    'good faith belief that the unauthorized recipient would not reasonably have been able to retain the information',
} as const;
export type BreachException = keyof typeof BREACH_EXCEPTIONS;

/** 164.412: a law enforcement statement, and the written statement that may follow an oral one. */
export interface LawEnforcementDelay {
  form: 'written' | 'oral';
  statedOn: string;
  /** written: the last day of the time the statement specifies */
  until: string | null;
  /** a written statement received within the 30 days of an oral one: when, and until when */
  confirmedInWriting: { receivedOn: string; until: string } | null;
}

/** The last day notices are delayed (164.412), or null when the statement delays nothing. */
export function delayEnd(delay: LawEnforcementDelay): string | null {
  if (delay.form === 'written') return delay.until;
  const lapse = addDays(delay.statedOn, ORAL_DELAY_DAYS);
  const confirmed = delay.confirmedInWriting;
  if (confirmed && confirmed.receivedOn <= lapse) return confirmed.until;
  return delay.until !== null && delay.until < lapse ? delay.until : lapse;
}

/**
 * The days a delay covers after discovery (0 when it ended before it). A statement made after the 60 days had run
 * delays nothing: the notices were already due (a missed deadline stays missed).
 */
function delayedDays(discoveredOn: string, delay: LawEnforcementDelay | null): number {
  if (!delay || delay.statedOn > addDays(discoveredOn, NOTICE_DAYS)) return 0;
  const end = delayEnd(delay);
  if (end === null) return 0;
  const start = delay.statedOn > discoveredOn ? delay.statedOn : addDays(discoveredOn, 1);
  return end < start ? 0 : daysBetween(start, end) + 1;
}

/** 164.404(b), 164.412: the individual notices are due (and the media's, and HHS's for 500 or more). */
export const individualNoticesDue = (discoveredOn: string, delay: LawEnforcementDelay | null): string =>
  addDays(discoveredOn, NOTICE_DAYS + delayedDays(discoveredOn, delay));

/** 164.406(a): the States (or jurisdictions) whose affected residents number more than 500. */
export const mediaNoticeStates = (residentsByState: Readonly<Record<string, number>>): string[] =>
  Object.entries(residentsByState)
    .filter(([, residents]) => residents > MEDIA_NOTICE_ABOVE)
    .map(([state]) => state)
    .sort();

/** 164.408(c): the annual log for breaches discovered in `year` is due 60 days after its end (1 March, or 29 February). */
export const annualLogDue = (year: number): string => addDays(`${year}-12-31`, ANNUAL_LOG_DAYS);

/** 164.408(b)/(c): when HHS is to be told of a breach affecting `affected` individuals, and how. */
export function hhsNotice(
  affected: number,
  discoveredOn: string,
  delay: LawEnforcementDelay | null,
): { route: 'with-individual-notices' | 'annual-log'; dueOn: string } {
  return affected >= HHS_IMMEDIATE_FROM
    ? { route: 'with-individual-notices', dueOn: individualNoticesDue(discoveredOn, delay) }
    : { route: 'annual-log', dueOn: annualLogDue(Number(discoveredOn.slice(0, 4))) };
}

/** 164.402(2): the four factors of the risk assessment, each written down. */
export interface RiskAssessment {
  natureAndExtent: string;
  unauthorizedRecipient: string;
  acquiredOrViewed: string;
  mitigation: string;
  /** the finding: a low probability that the PHI has been compromised */
  lowProbability: boolean;
}

/**
 * 164.402, 164.414(b): why a `not-a-breach` conclusion is not supported, or null when it is: it needs an exception
 * or a risk assessment that found a low probability of compromise. A `breach` conclusion needs no support (presumed).
 */
export function notABreachProblem(assessment: RiskAssessment | null, exception: BreachException | null): string | null {
  if (exception !== null) return null;
  if (assessment === null)
    return 'not-a-breach needs a 164.402(2) risk assessment or a 164.402(1) exception (the burden of proof is the plan’s, 164.414(b))';
  if (!assessment.lowProbability)
    return 'the risk assessment did not find a low probability that the PHI was compromised: the breach is presumed (164.402(2))';
  return null;
}
