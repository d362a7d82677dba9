import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/roles.js';
import type { AccountingQueryDto } from './accounting.query.dto.js';

/** GET /v1/members/{memberId}/accounting (api.md "Queries"): the accounting the caller may see, as asked. */
export class GetAccountingQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly memberId: string,
    readonly caller: Principal,
    readonly params: AccountingQueryDto,
  ) {
    super();
  }
}
