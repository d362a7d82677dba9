import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { AccountingController } from './query/accounting.http.controller.js';
import { AccountingQueryService } from './query/accounting-query.service.js';
import { ReceiptsService } from './query/receipts.service.js';
import { RequestsController } from './requests/requests.http.controller.js';
import { RequestsService } from './requests/requests.service.js';
import { SuspensionsController } from './suspensions/suspensions.http.controller.js';

/** The accounting of disclosures: engine, read model queries, suspensions and the request lifecycle. */
@Module({
  imports: [IntegrityModule],
  controllers: [AccountingController, SuspensionsController, RequestsController],
  providers: [AccountingQueryService, ReceiptsService, RequestsService],
  exports: [AccountingQueryService, RequestsService],
})
export class AccountingModule {}
