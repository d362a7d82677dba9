import { Global, Module } from '@nestjs/common';
import { LedgerMetrics } from './metrics.js';
import { OpsController } from './ops.controller.js';

@Global()
@Module({ controllers: [OpsController], providers: [LedgerMetrics], exports: [LedgerMetrics] })
export class OpsModule {}
