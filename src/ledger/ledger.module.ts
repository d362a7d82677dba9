import { FhirImportController } from './fhir-import/fhir-import.http.controller.js';
import { AssociatesController } from './business-associates/associates.http.controller.js';
import { Module } from '@nestjs/common';
import { DisclosureImportController } from './disclosure-import/disclosure-import.http.controller.js';
import { CorrectDisclosureController } from './correct-disclosure/correct-disclosure.http.controller.js';
import { MemberFactsController } from './member-facts/member-facts.http.controller.js';
import { RecordDisclosureController } from './record-disclosure/record-disclosure.http.controller.js';
import { RecordUseController } from './record-use/record-use.http.controller.js';
import { ResearchProtocolController } from './research-protocols/research-protocol.http.controller.js';

/** The write side: one folder per use case (command, decider, DTO, controller, spec); commands run in CommandsModule. */
@Module({
  controllers: [
    RecordDisclosureController,
    CorrectDisclosureController,
    MemberFactsController,
    RecordUseController,
    ResearchProtocolController,
    AssociatesController,
    FhirImportController,
    DisclosureImportController,
  ],
})
export class LedgerModule {}
