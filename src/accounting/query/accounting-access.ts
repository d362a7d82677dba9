/**
 * Who may read a member's accounting (api.md "Queries", 164.502(g)): the member (token subject = member id),
 * a personal representative the ledger has recorded for that member (not declined), or the privacy office.
 * The answer names the requester whose representation scope the engine applies.
 */
import type { Principal } from '../../auth/roles.js';
import type { ReadModelDb } from '../../projections/read-model-db.js';

export async function authorizeAccountingRead(
  db: ReadModelDb,
  memberId: string,
  principal: Principal,
  requester: string | null,
  office: boolean,
): Promise<'denied' | { requester: string | null }> {
  if (office) return { requester };
  if (principal.roles.includes('member') && principal.subject === memberId) return { requester: null };
  if (principal.roles.includes('representative')) {
    const rows = await db.all<{ data: string }>(
      `SELECT data FROM acc_member_facts WHERE member_id = $1 AND type = 'PersonalRepresentativeRecorded'`,
      [memberId],
    );
    const represents = rows.some((r) => (JSON.parse(r.data) as { personId: string }).personId === principal.subject);
    // A declined representative is recognised here and gets an empty accounting (PR_SCOPE), not a hint.
    if (represents) return { requester: principal.subject };
  }
  return 'denied';
}
