import { Query } from '@nestjs/cqrs';
import type { RequestKind } from '../../events/accounting-request.events.js';

/**
 * When the member's other accounting requests (not withdrawn) were received, once the read model holds everything
 * recorded so far: what 164.528(c)(2) needs to tell whether a new request is free.
 */
export class OtherRequestsQuery extends Query<string[]> {
  constructor(
    readonly memberId: string,
    readonly requestId: string,
    readonly kind: RequestKind = 'accounting',
  ) {
    super();
  }
}
