/**
 * Who may read (or request) a member's accounting (api.md "Queries", 164.502(g)): the member (token subject = member
 * id), a personal representative the ledger has recorded for that member, or the privacy office and auditors. The
 * answer names the requester whose representation scope the engine applies.
 */
import type { Principal } from '../../auth/roles.js';
import type { Representative } from '../../rules/representation.js';

export type AccountingAccess = 'denied' | { requester: string | null };

/** The privacy office and auditors see every accounting (and may ask as if a representative asked: `requester`). */
export const isOffice = (principal: Principal) =>
  principal.roles.includes('privacy-officer') || principal.roles.includes('auditor');

export function accountingAccess(
  principal: Principal,
  memberId: string,
  representatives: readonly Representative[],
  requester: string | null,
): AccountingAccess {
  if (isOffice(principal)) return { requester };
  if (principal.roles.includes('member') && principal.subject === memberId) return { requester: null };
  // A declined representative is recognised here and gets an empty accounting (PR_SCOPE), not a hint.
  if (principal.roles.includes('representative') && representatives.some((r) => r.personId === principal.subject)) {
    return { requester: principal.subject };
  }
  return 'denied';
}
