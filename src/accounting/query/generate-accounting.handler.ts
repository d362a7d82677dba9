import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReportRenderer, type RenderedReport } from '../reports/report-renderer.js';
import { AccountingGenerator } from './accounting-generator.js';
import { GenerateAccountingQuery } from './generate-accounting.query.js';

@QueryHandler(GenerateAccountingQuery)
export class GenerateAccountingHandler implements IQueryHandler<GenerateAccountingQuery> {
  constructor(
    private readonly accounting: AccountingGenerator,
    private readonly reports: ReportRenderer,
  ) {}

  async execute({ memberId, options, format, text }: GenerateAccountingQuery): Promise<RenderedReport> {
    const { accounting, rows } = await this.accounting.generate(memberId, options);
    return this.reports.render(format, accounting, rows, { text, trace: false });
  }
}
