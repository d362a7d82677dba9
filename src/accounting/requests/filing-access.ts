/**
 * Who may file an accounting request (api.md "Privacy office"): the privacy office for anyone (with the date it was
 * received); a member for themself; a personal representative for a member they represent, as themself. A member or
 * representative's request is received when it arrives.
 */
import type { Principal } from '../../auth/roles.js';
import type { AccountingAccess } from '../query/accounting-access.js';

export interface Filing {
  memberId: string;
  requester: { type: 'self' | 'representative'; personId?: string };
  receivedAt?: string;
}

/** Why the caller may not file this request, or null when they may. `access` is theirs to the member's accounting. */
export function filingRefusal(caller: Principal, filing: Filing, access: AccountingAccess): string | null {
  if (caller.roles.includes('privacy-officer')) return null;
  if (filing.receivedAt) return 'receivedAt may only be set by the privacy office; your request is received now';
  const asSelf =
    caller.roles.includes('member') && caller.subject === filing.memberId && filing.requester.type === 'self';
  const asRepresentative =
    access !== 'denied' &&
    access.requester === caller.subject &&
    filing.requester.type === 'representative' &&
    filing.requester.personId === caller.subject;
  return asSelf || asRepresentative
    ? null
    : 'you may request only your own accounting, or one you are the personal representative for';
}
