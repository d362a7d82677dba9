import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { READ_MODEL_DB } from '../projections/read-model-db.js';
import { openInfrastructure, type Infrastructure } from './infrastructure.js';

export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

class InfrastructureLifecycle implements OnApplicationShutdown {
  constructor(@Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure) {}

  async onApplicationShutdown(): Promise<void> {
    await this.infrastructure.close();
  }
}

/** Config, event store and read-model database, opened once and closed on shutdown. */
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
        InfrastructureLifecycle,
      ],
      exports: [CONFIG, EVENT_STORE, READ_MODEL_DB],
    };
  }
}
