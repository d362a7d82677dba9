/**
 * Who may read (or request) a member's accounting (api.md "Queries", 164.502(g)): the member (token subject = member
 * id), a personal representative recorded for that member and in force on the day, or the privacy office and auditors.
 * The answer names the requester whose representation scope the engine applies. A person the plan declined to treat
 * as the representative (164.502(g)(5)) is told so (REPRESENTATIVE_DECLINED), never answered with an empty accounting:
 * an empty list would say "nothing was disclosed", which is not what the plan decided.
 */
import type { Principal } from '../../auth/roles.js';
import { representationScope, type Representative } from '../../rules/representation.js';

export type AccountingAccess =
  { requester: string | null } | { refused: 'FORBIDDEN' | 'REPRESENTATIVE_DECLINED'; detail: string };

/** The privacy office and auditors see every accounting (and may ask as if a representative asked: `requester`). */
export const isOffice = (principal: Principal) =>
  principal.roles.includes('privacy-officer') || principal.roles.includes('auditor');

const NOT_YOURS = 'you may see only your own accounting, or one you are the personal representative for';

export function accountingAccess(
  principal: Principal,
  memberId: string,
  representatives: readonly Representative[],
  requester: string | null,
  onDate: string,
): AccountingAccess {
  if (isOffice(principal)) return { requester };
  if (principal.roles.includes('member') && principal.subject === memberId) return { requester: null };
  if (principal.roles.includes('representative')) {
    const own = representatives.filter((r) => r.personId === principal.subject);
    if (own.some((r) => r.declinedBasis !== null)) {
      return {
        refused: 'REPRESENTATIVE_DECLINED',
        detail: "the plan declined to treat you as this member's personal representative (164.502(g)(5))",
      };
    }
    if (representationScope(own, principal.subject, onDate).kind === 'representative')
      return { requester: principal.subject };
    if (own.length > 0) {
      return { refused: 'FORBIDDEN', detail: `your representation of this member is not in force on ${onDate}` };
    }
  }
  return { refused: 'FORBIDDEN', detail: NOT_YOURS };
}

export const isRefused = (access: AccountingAccess): access is Extract<AccountingAccess, { refused: unknown }> =>
  'refused' in access;
