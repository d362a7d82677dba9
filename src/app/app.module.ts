import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessReportModule } from '../access-report/access-report.module.js';
import { AccountingModule } from '../accounting/accounting.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommandsModule } from '../commands/commands.module.js';
import type { LedgerConfig } from '../config/config.js';
import { loggerParams } from '../http/logging.js';
import { ProblemDetailsFilter } from '../http/problem-details.filter.js';
import { RouteTable } from '../http/route-table.js';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OpsModule } from '../ops/ops.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { InfrastructureModule } from './infrastructure.module.js';
import { ReadYourWritesGuard } from './read-your-writes.guard.js';

/** The composition root: every module, with the infrastructure and projections chosen by configuration. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config),
        AuthModule,
        ProjectionsModule,
        OpsModule,
        CommandsModule,
        IntegrityModule,
        LedgerModule,
        AccountingModule,
        AuditModule,
        AccessReportModule,
      ],
      providers: [
        RouteTable,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // global guards run in this order: who is calling and may they (401/403/429), then read-your-writes
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ReadYourWritesGuard },
      ],
    };
  }
}
