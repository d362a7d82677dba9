import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PROJECTIONS, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { READ_MODEL_DB, type ReadModelDb } from './read-model-db.js';

/** Runs every registered projection in the background for the life of the service. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly controller = new AbortController();
  private readonly running: Promise<void>[] = [];
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(CONFIG) config: LedgerConfig,
  ) {
    this.runners = projections.map((p) => new ProjectionRunner(store, db, p, config.LEDGER_PROJECTION_BATCH));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) {
      await runner.ensureSchema();
      const onError = (error: unknown) =>
        this.logger.error({ projection: runner.name, err: (error as Error).message }, 'projection batch failed; retrying');
      this.running.push(runner.run(this.controller.signal, { onError }));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.running);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((r) => r.name === name);
    if (!runner) throw new Error(`unknown projection ${name}`);
    return runner;
  }

  /** Lag of each projection behind the log head, for /health/ready and /metrics. */
  async status(): Promise<{ name: string; position: bigint; head: bigint }[]> {
    const head = await this.store.head();
    return Promise.all(this.runners.map(async (r) => ({ name: r.name, position: await r.checkpoint(), head })));
  }
}
