import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/roles.js';
import type { AccountingAccess } from './accounting-access.js';

/** Whether the caller may see (or request) the member's accounting, and as whom (accounting-access.ts). */
export class CallerAccessQuery extends Query<AccountingAccess> {
  constructor(
    readonly memberId: string,
    readonly caller: Principal,
  ) {
    super();
  }
}
