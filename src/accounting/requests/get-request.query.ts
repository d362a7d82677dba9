import { Query } from '@nestjs/cqrs';
import type { RequestView } from './request-lifecycle.js';

/** GET /v1/accounting-requests/{requestId}?asOf= : the request and its status at `asOf` (default now). */
export class GetAccountingRequestQuery extends Query<RequestView> {
  constructor(
    readonly requestId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}
