/**
 * Snooping signals (docs/snooping.md): documented rules over uses of PHI, each with its parameters, computed by the
 * uses projection as uses arrive. A finding is a reason for the privacy office to look, never a verdict: each names
 * the uses behind it. Pure functions; the projection applies them (uses.projection.ts).
 */
import type { PhiUsed } from '../events/use.events.js';
import { localClock } from '../rules/plan-dates.js';

export interface SnoopingPolicy {
  /** the plan's time zone: business hours and days are local */
  timeZone: string;
  /** business hours on business days, minutes after local midnight: [from, until) */
  businessHours: { from: number; until: number };
  /** AFTER_HOURS_BULK fires when one actor uses this many members' records outside business hours on one day */
  bulkReadThreshold: number;
}

/** Business days: Monday to Friday. Weekends are outside business hours all day. */
const BUSINESS_DAYS = new Set([1, 2, 3, 4, 5]);

export const SNOOPING_RULES = {
  SAME_SURNAME: 'A workforce member used the record of a member who shares their surname.',
  SAME_ADDRESS: 'A workforce member used the record of a member who shares their address.',
  VIP_RECORD: 'A workforce member used the record of a member the plan flags as a VIP.',
  WORKFORCE_RECORD: 'A workforce member used the record of a fellow workforce member.',
  AFTER_HOURS_BULK:
    "One actor used the records of at least the threshold's number of members outside business hours on one day.",
  NO_CONTEXT: 'A use names no claim, case, ticket or other business context it served.',
} as const;

export type SnoopingRule = keyof typeof SNOOPING_RULES;

/** What the rules know of a member (the latest PrivacyProfileRecorded). */
export interface Profile {
  memberId: string;
  surnameKey: string | null;
  addressKey: string | null;
  vip: boolean;
  workforceActorId: string | null;
}

/**
 * The findings one use raises on its own. `actor` is the profile of the member the actor is (linked by
 * workforceActorId), when the actor is also a member; `member` is the profile of the member whose record was used.
 * A workforce member using their own record raises none of the relationship rules (it is their right of access).
 */
export function useFindings(use: PhiUsed, actor: Profile | null, member: Profile | null): SnoopingRule[] {
  const found: SnoopingRule[] = [];
  const own = actor !== null && actor.memberId === use.memberId;
  if (!own && actor && member) {
    if (actor.surnameKey !== null && actor.surnameKey === member.surnameKey) found.push('SAME_SURNAME');
    if (actor.addressKey !== null && actor.addressKey === member.addressKey) found.push('SAME_ADDRESS');
  }
  if (!own && member?.vip) found.push('VIP_RECORD');
  if (!own && member?.workforceActorId && member.workforceActorId !== use.actor.id) found.push('WORKFORCE_RECORD');
  if (!use.context) found.push('NO_CONTEXT');
  return found;
}

/** Outside business hours: on a weekend, or before `from` or from `until` on a business day (local time). */
export function isAfterHours(instant: string, policy: SnoopingPolicy): boolean {
  const { weekday, minute } = localClock(instant, policy.timeZone);
  if (!BUSINESS_DAYS.has(weekday)) return true;
  return minute < policy.businessHours.from || minute >= policy.businessHours.until;
}
