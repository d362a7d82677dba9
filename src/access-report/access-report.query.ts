import { Query } from '@nestjs/cqrs';
import type { ReportText } from '../accounting/reports/report-text.js';
import type { Principal } from '../auth/roles.js';
import type { RenderedReport } from '../accounting/reports/report-renderer.js';

export const ACCESS_REPORT_FORMATS = ['json', 'html', 'csv'] as const;
export type AccessReportFormat = (typeof ACCESS_REPORT_FORMATS)[number];

export interface AccessReportParams {
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

/** GET /v1/members/{memberId}/access-report: one page of the member's access report, rendered. */
export class GetAccessReportQuery extends Query<RenderedReport> {
  constructor(
    readonly memberId: string,
    readonly caller: Principal,
    readonly params: AccessReportParams,
    readonly format: AccessReportFormat,
    readonly text: ReportText,
  ) {
    super();
  }
}
