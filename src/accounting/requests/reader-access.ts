/**
 * Who may read an accounting request (its status, and the accounting it provided, 164.528(d)(2)): the privacy
 * office, every request; the member, their own; a personal representative in force, those of the member they
 * represent (accounting-access.ts decides, as for the accounting itself: a declined representative is told
 * REPRESENTATIVE_DECLINED). To a member or representative, a request that is not theirs and one that does not exist
 * are refused alike (403): the ledger does not confirm other members' request ids.
 */
import type { QueryBus } from '@nestjs/cqrs';
import type { Principal } from '../../auth/roles.js';
import { problem, ProblemError } from '../../http/problem.js';
import { isRefused } from '../query/accounting-access.js';
import { CallerAccessQuery } from '../query/caller-access.query.js';

const isPrivacyOffice = (caller: Principal) => caller.roles.includes('privacy-officer');

/** Refuses (403) a caller who may not read the requests of `memberId`. */
export async function assertMayReadRequests(queries: QueryBus, caller: Principal, memberId: string): Promise<void> {
  if (isPrivacyOffice(caller)) return;
  const access = await queries.execute(new CallerAccessQuery(memberId, caller));
  if (isRefused(access)) throw new ProblemError(problem(403, access.refused, 'Forbidden', access.detail));
}

/** Reads a request for the caller: `read` loads it (404 UNKNOWN_REQUEST when there is none); then the caller's access. */
export async function readRequestFor<T extends { memberId: string }>(
  queries: QueryBus,
  caller: Principal,
  requestId: string,
  read: () => Promise<T>,
): Promise<T> {
  const found = await read().catch((error: unknown) => {
    if (!isPrivacyOffice(caller) && error instanceof ProblemError && error.problem.code === 'UNKNOWN_REQUEST') {
      const detail = `no accounting request ${requestId} of yours (or of a member you represent) is recorded`;
      throw new ProblemError(problem(403, 'FORBIDDEN', 'Forbidden', detail));
    }
    throw error;
  });
  await assertMayReadRequests(queries, caller, found.memberId);
  return found;
}
