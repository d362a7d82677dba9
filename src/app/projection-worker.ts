/**
 * The projection worker: a worker thread of the service that runs every projection, as one group (one read of
 * each page of the log, one transaction for all read models: ProjectionGroup), on its own connections to
 * the event store (read side) and the read-model database, so that applying events to read models never takes
 * time from the event loop that answers commands (docs/benchmarks.md).
 *
 * Messages from the service thread: `appended` (the log may have grown: wake up), `hurry` (a read is waiting: do not
 * linger) and `stop` (finish the batch in hand, close, exit). Messages to it: `applied` after each batch (so read-your-writes waits end without polling)
 * and `error` when a batch failed (it is retried; the service thread logs it).
 * Started by ProjectionsService (the composition root hands it this file); LEDGER_PROJECTIONS_THREAD=inline runs the same
 * runners on the service thread. Here, not in projections/, because it builds the projection list (app/projections.ts).
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { LedgerConfig } from '../config/config.js';
import { ProjectionGroup, ProjectionRunner } from '../projections/projection-runner.js';
import type { FromWorker, ToWorker } from '../projections/projection-worker.messages.js';
import { openInfrastructure } from './infrastructure.js';
import { buildProjections } from './projections.js';

async function main(port: NonNullable<typeof parentPort>, config: LedgerConfig): Promise<void> {
  const send = (message: FromWorker) => port.postMessage(message);
  const infrastructure = await openInfrastructure(config);
  const controller = new AbortController();
  const listeners = new Set<() => void>();
  let group: ProjectionGroup | null = null;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'appended') for (const listener of listeners) listener();
    else if (message.type === 'hurry') group?.hurry();
    else if (message.type === 'stop') controller.abort();
  });
  const appended = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const { store, readModels } = infrastructure;
  const runners = buildProjections(config).map(
    (projection) => new ProjectionRunner(store, readModels, projection, config.LEDGER_PROJECTION_BATCH),
  );
  group = new ProjectionGroup(store, readModels, runners, config.LEDGER_PROJECTION_BATCH);
  send({ type: 'ready' });
  await group
    .run(controller.signal, {
      appended,
      lingerMs: config.LEDGER_PROJECTION_LINGER_MS,
      onApplied: (position, projection) => send({ type: 'applied', projection, position }),
      onError: (error, projection) => send({ type: 'error', projection, message: (error as Error).message }),
    })
    .catch((error: unknown) => send({ type: 'error', projection: 'all', message: (error as Error).message }));
  await infrastructure.close();
  port.close();
}

if (parentPort) await main(parentPort, (workerData as { config: LedgerConfig }).config);
