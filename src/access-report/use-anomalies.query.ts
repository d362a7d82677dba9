import { Query } from '@nestjs/cqrs';
import type { SnoopingRule } from './snooping.js';
import type { Finding, FindingFilters, UseRow } from './uses.reader.js';

export type FindingWithUses = Finding & { description: string; uses: UseRow[] };

/** GET /v1/audit/use-anomalies: snooping findings, newest first, each with the uses behind it. */
export class SearchUseAnomaliesQuery extends Query<{
  findings: FindingWithUses[];
  rules: Record<SnoopingRule, string>;
  nextCursor: string | null;
}> {
  constructor(readonly filters: FindingFilters) {
    super();
  }
}
