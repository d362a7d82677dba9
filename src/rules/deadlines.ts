/**
 * 164.528(c)(1): act on a request "no later than 60 days after receipt"; the deadline may be extended "by no more
 * than 30 days" if, within the 60 days, the individual is given a written statement of the reasons and the new date;
 * "only one such extension". Days are calendar days counted from the plan date of receipt.
 */
import { addDays, addYears } from './calendar.js';

export const RESPONSE_DAYS = 60;
export const EXTENSION_DAYS = 30;

/**
 * (c)(1): the date by which the accounting is due; a 42 CFR 2.24 list is due "in 30 or fewer days" (rules/part2.ts).
 */
export const dueOn = (receivedOn: string, days: number = RESPONSE_DAYS): string => addDays(receivedOn, days);

export interface ExtensionProblem {
  code: 'EXTENSION_ALREADY_SENT' | 'EXTENSION_TOO_LATE' | 'EXTENSION_TOO_LONG';
  detail: string;
  path?: string;
}

/** (c)(1)(ii): "only one such extension". */
export const ALREADY_EXTENDED: ExtensionProblem = {
  code: 'EXTENSION_ALREADY_SENT',
  detail: 'only one extension is allowed per request (164.528(c)(1)(ii))',
};

/**
 * (c)(1)(ii): why an extension notice sent on `sentOn` moving the deadline `due` to `newDueOn` is not allowed, or
 * null when it is. `alreadyExtended`: a request may be extended once.
 */
export function extensionProblem(
  due: string,
  sentOn: string,
  newDueOn: string,
  alreadyExtended: boolean,
): ExtensionProblem | null {
  if (alreadyExtended) return ALREADY_EXTENDED;
  if (sentOn > due) {
    return {
      code: 'EXTENSION_TOO_LATE',
      detail: `the extension notice must be sent within the 60 days, by ${due}`,
      path: 'sentAt',
    };
  }
  const limit = addDays(due, EXTENSION_DAYS);
  if (newDueOn > limit || newDueOn <= due) {
    return {
      code: 'EXTENSION_TOO_LONG',
      detail: `newDueOn must be after ${due} and no later than ${limit} (30 days)`,
      path: 'newDueOn',
    };
  }
  return null;
}

/** The deadline in force: the extended one when an extension was noticed, else the original. */
export const effectiveDueOn = (original: string, extendedTo: string | null): string => extendedTo ?? original;

/** Provided on or before the deadline in force. */
export const providedOnTime = (providedOn: string, due: string): boolean => providedOn <= due;

/** The request is overdue on `today` (a plan date): the deadline has passed and nothing closed it. */
export const isOverdue = (today: string, due: string): boolean => today > due;

/**
 * 164.530(j)(2): documentation is kept "for six years from the date of its creation or the date when it last was in
 * effect, whichever is later"; a provided accounting is in effect when created.
 */
export const RETENTION_YEARS = 6;
export const retainUntil = (createdOn: string): string => addYears(createdOn, RETENTION_YEARS);
