/**
 * Who may file an accounting request (api.md "Privacy office"): the privacy office for anyone (with the date it was
 * received); a member for themself; a personal representative for a member they represent, as themself. A member or
 * representative's request is received when it arrives.
 */
import type { Principal } from '../../auth/roles.js';
import { isRefused, type AccountingAccess } from '../query/accounting-access.js';

export interface Filing {
  memberId: string;
  requester: { type: 'self' | 'representative'; personId?: string };
  receivedAt?: string;
}

/** Why the caller may not file this request (a 403 code and detail), or null when they may. */
export function filingRefusal(
  caller: Principal,
  filing: Filing,
  access: AccountingAccess,
): { code: 'FORBIDDEN' | 'REPRESENTATIVE_DECLINED'; detail: string } | null {
  if (caller.roles.includes('privacy-officer')) return null;
  const refuse = (detail: string) => ({ code: 'FORBIDDEN' as const, detail });
  if (filing.receivedAt)
    return refuse('receivedAt may only be set by the privacy office; your request is received now');
  // a declined (164.502(g)(5)) or lapsed representative may not file (nor use up the member's free accounting)
  if (isRefused(access)) return { code: access.refused, detail: access.detail };
  const asSelf =
    caller.roles.includes('member') && caller.subject === filing.memberId && filing.requester.type === 'self';
  // 164.502(g)(1): a representative in force asks as themself, for the member they represent
  const asRepresentative =
    access.requester === caller.subject &&
    filing.requester.type === 'representative' &&
    filing.requester.personId === caller.subject;
  return asSelf || asRepresentative
    ? null
    : refuse('you may request only your own accounting, or one you are the personal representative for');
}
