import { Module } from '@nestjs/common';
import { CorrectDisclosureHandler, VoidDisclosureHandler } from './correct-disclosure/correct-disclosure.handler.js';
import { CorrectDisclosureController } from './correct-disclosure/correct-disclosure.http.controller.js';
import { MemberFactsController } from './member-facts/member-facts.http.controller.js';
import { RecordDisclosureController } from './record-disclosure/record-disclosure.http.controller.js';
import { RecordUseController } from './record-use/record-use.http.controller.js';
import { ResearchProtocolController } from './research-protocols/research-protocol.http.controller.js';
import { MemberBatchHandler, MemberCommandHandler } from './shared/member-command.js';
import { MemberCommandRunner } from './shared/member-command.runner.js';

/** The write side: one folder per use case (DTO, decider, commands, controller). */
@Module({
  controllers: [
    RecordDisclosureController,
    CorrectDisclosureController,
    MemberFactsController,
    RecordUseController,
    ResearchProtocolController,
  ],
  providers: [
    MemberCommandRunner,
    MemberCommandHandler,
    MemberBatchHandler,
    CorrectDisclosureHandler,
    VoidDisclosureHandler,
  ],
})
export class LedgerModule {}
