import { Query } from '@nestjs/cqrs';
import type { AccessLogFilters, AccessLogRow } from './access-log.reader.js';

/** GET /v1/audit/access-log: who read which member's records. */
export class SearchAccessLogQuery extends Query<{ reads: AccessLogRow[]; nextCursor: string | null }> {
  constructor(readonly filters: AccessLogFilters) {
    super();
  }
}
