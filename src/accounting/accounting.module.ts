import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { AccountingController } from './query/accounting.http.controller.js';
import { AccountingGenerator } from './query/accounting-generator.js';
import { CallerAccessHandler } from './query/caller-access.handler.js';
import { GenerateAccountingHandler } from './query/generate-accounting.handler.js';
import { GetAccountingHandler } from './query/get-accounting.handler.js';
import { ReceiptsService } from './query/receipts.service.js';
import { GetRequestArtifactHandler } from './requests/get-artifact.handler.js';
import { GetAccountingRequestHandler } from './requests/get-request.handler.js';
import { OtherRequestsHandler } from './requests/other-requests.handler.js';
import { MemberRequestsController, RequestsController } from './requests/requests.http.controller.js';
import { SearchAccountingRequestsHandler } from './requests/search-requests.handler.js';
import { SuspensionsController } from './suspensions/suspensions.http.controller.js';

/** The accounting of disclosures: engine, read model and its queries, suspensions and the request lifecycle. */
@Module({
  imports: [IntegrityModule],
  controllers: [AccountingController, SuspensionsController, RequestsController, MemberRequestsController],
  providers: [
    AccountingGenerator,
    ReceiptsService,
    GetAccountingHandler,
    GenerateAccountingHandler,
    CallerAccessHandler,
    GetAccountingRequestHandler,
    GetRequestArtifactHandler,
    OtherRequestsHandler,
    SearchAccountingRequestsHandler,
  ],
})
export class AccountingModule {}
