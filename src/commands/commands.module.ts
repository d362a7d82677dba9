import { Global, Module } from '@nestjs/common';
import { LedgerCommandHandler } from './ledger-command.handler.js';

/** The one command handler every command and batch runs through (CqrsModule dispatches to it). */
@Global()
@Module({ providers: [LedgerCommandHandler] })
export class CommandsModule {}
