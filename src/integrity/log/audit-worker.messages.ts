/** The audit worker thread (app/audit-worker.ts): what it is given, and what it tells the service thread. */
import type { LedgerConfig } from '../../config/config.js';
import type { AuditReport } from './ledger-audit.js';

/** The compiled entry of the audit worker thread, a file URL (provided by the composition root). */
export const AUDIT_WORKER = Symbol('AUDIT_WORKER');

export interface AuditWorkerData {
  config: LedgerConfig;
  resume: boolean;
}

export type FromAuditWorker =
  | { type: 'started'; run: { auditId: string; startedAt: string; checkedEvents: number } }
  | { type: 'progress'; progress: { checkedEvents: number; totalEvents: number } }
  | { type: 'done'; report: AuditReport & { auditId: string } }
  | { type: 'error'; message: string };
