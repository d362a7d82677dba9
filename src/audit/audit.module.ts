import { Module } from '@nestjs/common';
import { AccountingModule } from '../accounting/accounting.module.js';
import { AuditController } from './audit.controller.js';

@Module({ imports: [AccountingModule], controllers: [AuditController] })
export class AuditModule {}
