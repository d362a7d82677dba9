import { Query } from '@nestjs/cqrs';
import type { ReportFormat } from '../reports/formats.js';
import type { RenderedReport } from '../reports/report-renderer.js';
import type { ReportText } from '../reports/report-text.js';
import type { AccountingOptions } from './accounting-generator.js';

/**
 * The accounting the privacy office provides for a request, rendered as it will be given to the member (no role
 * scoping: the request names its requester; no trace).
 */
export class GenerateAccountingQuery extends Query<RenderedReport> {
  constructor(
    readonly memberId: string,
    readonly options: AccountingOptions,
    readonly format: ReportFormat,
    readonly text: ReportText,
  ) {
    super();
  }
}
