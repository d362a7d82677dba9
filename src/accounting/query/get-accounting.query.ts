import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/roles.js';
import type { ReportFormat } from '../reports/formats.js';
import type { RenderedReport } from '../reports/report-renderer.js';
import type { ReportText } from '../reports/report-text.js';
import type { AccountingQueryDto } from './accounting.query.dto.js';

/** GET /v1/members/{memberId}/accounting (api.md "Queries"): the accounting the caller may see, as asked. */
export class GetAccountingQuery extends Query<RenderedReport> {
  constructor(
    readonly memberId: string,
    readonly caller: Principal,
    readonly params: AccountingQueryDto,
    readonly format: ReportFormat,
    readonly text: ReportText,
  ) {
    super();
  }
}
