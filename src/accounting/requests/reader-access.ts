/**
 * Who may read an accounting request (its status, and the accounting it provided, 164.528(d)(2)): the privacy
 * office, every request; the member, every request for them; a personal representative in force, the requests they
 * filed themselves (an accounting provided to the member may hold what the representation does not reach, such as
 * care a minor consented to: 164.502(g)(3)). To anyone else, a request that is not theirs and one that does not
 * exist are refused alike, with the same words (403): the ledger does not confirm other members' request ids.
 * A member's list of requests (by member id) follows accounting-access.ts, as the accounting does.
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

interface RequestOf {
  memberId: string;
  requester: { type: 'self' | 'representative'; personId?: string | null };
}

/** The requests of a member a caller (not the office) may read: the member's all; a representative's own. */
export const readableBy = (caller: Principal, r: RequestOf): boolean =>
  (caller.roles.includes('member') && caller.subject === r.memberId) ||
  (caller.roles.includes('representative') &&
    r.requester.type === 'representative' &&
    r.requester.personId === caller.subject);

/** Reads a request for the caller: `read` loads it (404 UNKNOWN_REQUEST when there is none); then the caller's access. */
export async function readRequestFor<T extends RequestOf>(
  queries: QueryBus,
  caller: Principal,
  requestId: string,
  read: () => Promise<T>,
): Promise<T> {
  if (isPrivacyOffice(caller)) return read();
  const refused = () =>
    new ProblemError(
      problem(403, 'FORBIDDEN', 'Forbidden', `no accounting request ${requestId} you may read is recorded`),
    );
  const found = await read().catch((error: unknown) => {
    throw error instanceof ProblemError && error.problem.code === 'UNKNOWN_REQUEST' ? refused() : error;
  });
  if (!readableBy(caller, found)) throw refused();
  // a representative who filed it must still be in force (and not declined) for the member
  const access = await queries.execute(new CallerAccessQuery(found.memberId, caller));
  if (isRefused(access)) throw refused();
  return found;
}
