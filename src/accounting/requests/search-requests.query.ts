import { Query } from '@nestjs/cqrs';
import type { RequestStatus, RequestView } from './request-lifecycle.js';

/** Auditors: every request with its status at `asOf` (optionally one status, one member). */
export class SearchAccountingRequestsQuery extends Query<{ asOf: string; requests: RequestView[] }> {
  constructor(readonly filters: { status?: RequestStatus; asOf?: string; memberId?: string }) {
    super();
  }
}
