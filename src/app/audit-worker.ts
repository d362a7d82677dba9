/**
 * The audit worker: a worker thread that re-hashes the whole log (integrity/log/run-audit.ts) on its own connections,
 * so that a full audit (minutes on a large ledger) never holds the event loop that answers requests. Started by the
 * IntegrityService for POST /v1/integrity/audits; here, in app/, because it opens the infrastructure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditWorkerData, FromAuditWorker } from '../integrity/log/audit-worker.messages.js';
import { runAudit } from '../integrity/log/run-audit.js';
import { openInfrastructure } from './infrastructure.js';

async function main(port: NonNullable<typeof parentPort>, { config, resume }: AuditWorkerData): Promise<void> {
  const send = (message: FromAuditWorker) => port.postMessage(message);
  const infrastructure = await openInfrastructure({ ...config, LEDGER_STORE_WRITER: 'inline' });
  try {
    const report = await runAudit(infrastructure.store, infrastructure.readModels, config, {
      resume,
      started: (run) => send({ type: 'started', run }),
      progress: (checkedEvents, totalEvents) => send({ type: 'progress', progress: { checkedEvents, totalEvents } }),
    });
    send({ type: 'done', report });
  } catch (error) {
    send({ type: 'error', message: (error as Error).message });
  } finally {
    await infrastructure.close();
    port.close();
  }
}

if (parentPort) await main(parentPort, workerData as AuditWorkerData);
