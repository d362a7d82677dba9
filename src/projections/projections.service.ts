import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { workerLimits } from '../config/memory.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PROJECTION_WORKER, PROJECTIONS, type Projection } from './projection.js';
import { ProjectionGroup, ProjectionRunner } from './projection-runner.js';
import type { FromWorker, ToWorker } from './projection-worker.messages.js';
import { READ_MODEL_DB, type ReadModelDb } from './read-model-db.js';

const RESTART_DELAY_MS = 1000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * Runs every registered projection in the background for the life of the service, as one group (ProjectionGroup): in the projection worker
 * thread (default, `LEDGER_PROJECTIONS_THREAD=worker`) or on the service thread (`inline`). The runners here always
 * answer checkpoints, lag and read-your-writes waits; with a worker they do not apply events themselves.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly controller = new AbortController();
  private readonly running: Promise<void>[] = [];
  private worker: Worker | null = null;
  private stopAppendedSignal: (() => void) | null = null;
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(PROJECTION_WORKER) private readonly workerUrl: URL,
  ) {
    this.runners = projections.map((p) => new ProjectionRunner(store, db, p, config.LEDGER_PROJECTION_BATCH));
    for (const runner of this.runners) runner.onWait = () => this.hurry();
  }

  private inlineGroup: ProjectionGroup | null = null;

  /** A read waits for the read models: wherever they are applied, stop lingering (ProjectionGroup.hurry). */
  private hurry(): void {
    this.inlineGroup?.hurry();
    this.worker?.postMessage({ type: 'hurry' } satisfies ToWorker);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Schemas first, here: queries never meet a missing table, whoever applies the events.
    for (const runner of this.runners) {
      const replaced = await runner.ensureSchema();
      if (replaced !== null) {
        this.logger.warn(
          { projection: runner.name, from: replaced, to: runner.projection.version ?? 1 },
          'read model built by another version of its projection: dropped, rebuilding from the log',
        );
      }
    }
    if (this.config.LEDGER_PROJECTIONS_THREAD === 'worker') {
      this.stopAppendedSignal = this.store.onAppended(() =>
        this.worker?.postMessage({ type: 'appended' } satisfies ToWorker),
      );
      this.startWorker();
      return;
    }
    const group = new ProjectionGroup(this.store, this.db, this.runners, this.config.LEDGER_PROJECTION_BATCH);
    this.inlineGroup = group;
    this.running.push(
      group.run(this.controller.signal, {
        onError: (error, projection) => this.batchFailed(projection, (error as Error).message),
        lingerMs: this.config.LEDGER_PROJECTION_LINGER_MS,
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.controller.abort();
    this.stopAppendedSignal?.();
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
      const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await Promise.allSettled(this.running);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((r) => r.name === name);
    if (!runner) throw new Error(`unknown projection ${name}`);
    return runner;
  }

  /** Read-your-writes across every read model: true once all have applied `position`, false after `timeoutMs`. */
  async waitForAll(position: bigint, timeoutMs: number): Promise<boolean> {
    const reached = await Promise.all(this.runners.map((r) => r.waitFor(position, timeoutMs)));
    return reached.every(Boolean);
  }

  /** Every read model has applied everything recorded before the call (the log head then), or false after `timeoutMs`. */
  async caughtUp(timeoutMs: number): Promise<{ reached: boolean; head: bigint }> {
    const head = await this.store.head();
    return { reached: await this.waitForAll(head, timeoutMs), head };
  }

  /** Lag of each projection behind the log head, for /health/ready and /metrics. */
  async status(): Promise<{ name: string; position: bigint; head: bigint }[]> {
    const head = await this.store.head();
    return Promise.all(this.runners.map(async (r) => ({ name: r.name, position: await r.checkpoint(), head })));
  }

  /** A worker that dies (a bug, out of memory) is restarted; the lag shows on /health/ready meanwhile. */
  private startWorker(): void {
    const worker = new Worker(this.workerUrl, {
      workerData: { config: this.config },
      ...workerLimits(this.config.memory),
    });
    this.worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'applied') this.runner(message.projection).noteApplied(message.position);
      else if (message.type === 'error') this.batchFailed(message.projection, message.message);
    });
    worker.on('error', (error) => this.logger.error({ err: error.message }, 'projection worker failed'));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.controller.signal.aborted) return;
      this.logger.error({ code }, `projection worker exited; restarting in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => {
        if (!this.controller.signal.aborted) this.startWorker();
      }, RESTART_DELAY_MS).unref();
    });
  }

  private batchFailed(projection: string, message: string): void {
    this.logger.error({ projection, err: message }, 'projection batch failed; retrying');
  }
}
