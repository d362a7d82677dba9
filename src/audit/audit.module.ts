import { Module } from '@nestjs/common';
import { SearchAccessLogHandler } from '../access-log/access-log.handler.js';
import { AuditConsoleController } from './audit-console.controller.js';
import { AuditController } from './audit.controller.js';
import { ListBreachAssessmentsHandler } from './breach-assessments.handler.js';
import { TotalsHandler } from './totals.handler.js';
import { SearchDisclosuresHandler } from './search-disclosures.handler.js';

/** Auditors' queries (the accounting requests' search is the accounting module's own query). */
@Module({
  controllers: [AuditController, AuditConsoleController],
  providers: [SearchDisclosuresHandler, ListBreachAssessmentsHandler, SearchAccessLogHandler, TotalsHandler],
})
export class AuditModule {}
