import { Module } from '@nestjs/common';
import { AccessReportController } from './access-report.http.controller.js';
import { GetAccessReportHandler } from './access-report.handler.js';
import { UseAnomaliesController } from './use-anomalies.http.controller.js';
import { SearchUseAnomaliesHandler } from './use-anomalies.handler.js';

/** Every use, not only disclosures: the member's access report and the snooping signals (docs/snooping.md). */
@Module({
  controllers: [AccessReportController, UseAnomaliesController],
  providers: [GetAccessReportHandler, SearchUseAnomaliesHandler],
})
export class AccessReportModule {}
