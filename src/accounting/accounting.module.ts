import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { ListAssociatesHandler } from './associates/associates.handler.js';
import { GetMemberFactsHandler } from './facts/get-member-facts.handler.js';
import { MemberFactsReadController } from './facts/member-facts.http.controller.js';
import { FlaggedDisclosuresHandler, FlaggedMatchingHandler } from './incidents/flagged-disclosures.handler.js';
import {
  GetIncidentHandler,
  HhsBreachLogHandler,
  IncidentReads,
  ListIncidentsHandler,
} from './incidents/incident.handlers.js';
import { IncidentsController } from './incidents/incidents.http.controller.js';
import { AccountingController } from './query/accounting.http.controller.js';
import { AccountingGenerator } from './query/accounting-generator.js';
import { CallerAccessHandler } from './query/caller-access.handler.js';
import { AccountingPageController } from './reports/accounting-page.controller.js';
import { ReportRenderer } from './reports/report-renderer.js';
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
  controllers: [
    AccountingController,
    AccountingPageController,
    SuspensionsController,
    RequestsController,
    MemberRequestsController,
    MemberFactsReadController,
    IncidentsController,
  ],
  providers: [
    AccountingGenerator,
    ReceiptsService,
    ReportRenderer,
    GetAccountingHandler,
    GenerateAccountingHandler,
    CallerAccessHandler,
    GetAccountingRequestHandler,
    GetRequestArtifactHandler,
    GetMemberFactsHandler,
    FlaggedDisclosuresHandler,
    FlaggedMatchingHandler,
    ListAssociatesHandler,
    IncidentReads,
    ListIncidentsHandler,
    GetIncidentHandler,
    HhsBreachLogHandler,
    OtherRequestsHandler,
    SearchAccountingRequestsHandler,
  ],
})
export class AccountingModule {}
