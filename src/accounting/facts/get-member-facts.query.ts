import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/roles.js';
import type { MemberFactsView } from './member-facts.view.js';

/** GET /v1/members/{memberId}/facts?asOf= : the member's facts with their status at `asOf` (default now). */
export class GetMemberFactsQuery extends Query<MemberFactsView> {
  constructor(
    readonly memberId: string,
    readonly caller: Principal,
    readonly asOf?: string,
  ) {
    super();
  }
}
