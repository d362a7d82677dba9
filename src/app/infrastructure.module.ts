import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AccessLog } from '../access-log/access-log.service.js';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { workerFile } from '../event-store/worker-file.js';
import { AUDIT_WORKER } from '../integrity/log/audit-worker.messages.js';
import { PROJECTION_WORKER, PROJECTIONS } from '../projections/projection.js';
import { READ_MODEL_DB } from '../projections/read-model-db.js';
import { openInfrastructure, type Infrastructure } from './infrastructure.js';
import { buildProjections } from './projections.js';

export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

class InfrastructureLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    private readonly accessLog: AccessLog,
  ) {}

  /** After the HTTP server has answered its last request: the reads it answered are recorded, then the store closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.accessLog.stop();
    await this.infrastructure.close();
  }
}

/**
 * Config, event store and read-model database (opened once, closed on shutdown), the access log (flushed before the
 * store closes), the projections to run, and the entries of the worker threads (projections, integrity audits).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: INFRASTRUCTURE, useFactory: () => openInfrastructure(config) },
        { provide: EVENT_STORE, useFactory: (i: Infrastructure) => i.store, inject: [INFRASTRUCTURE] },
        { provide: READ_MODEL_DB, useFactory: (i: Infrastructure) => i.readModels, inject: [INFRASTRUCTURE] },
        { provide: PROJECTIONS, useFactory: () => buildProjections(config) },
        { provide: PROJECTION_WORKER, useFactory: () => workerFile(import.meta.url, './projection-worker.js') },
        { provide: AUDIT_WORKER, useFactory: () => workerFile(import.meta.url, './audit-worker.js') },
        AccessLog,
        InfrastructureLifecycle,
      ],
      exports: [CONFIG, EVENT_STORE, READ_MODEL_DB, PROJECTIONS, PROJECTION_WORKER, AUDIT_WORKER, AccessLog],
    };
  }
}
