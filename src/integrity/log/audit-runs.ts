/**
 * Audit runs, kept in the read-model database (table `integrity_audits`): when each started, how far it got, what it
 * found. A run that stopped before its end (the service restarted, the CLI was interrupted) can be resumed from its
 * saved progress; its report, once finished, answers GET /v1/integrity/audits/current.
 */
import { randomUUID } from 'node:crypto';
import type { ReadModelDb } from '../../projections/read-model-db.js';
import type { AuditProgress, AuditReport } from './ledger-audit.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS integrity_audits (
  audit_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished INTEGER NOT NULL,
  progress TEXT, report TEXT)`;

export interface AuditRun {
  auditId: string;
  startedAt: string;
  updatedAt: string;
  finished: boolean;
  progress: AuditProgress | null;
  report: AuditReport | null;
}

interface Row {
  audit_id: string;
  started_at: string;
  updated_at: string;
  finished: number | boolean;
  progress: string | null;
  report: string | null;
}

const runOf = (r: Row): AuditRun => ({
  auditId: r.audit_id,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finished: Boolean(Number(r.finished)),
  progress: r.progress ? (JSON.parse(r.progress) as AuditProgress) : null,
  report: r.report ? (JSON.parse(r.report) as AuditReport) : null,
});

export class AuditRuns {
  private ready: Promise<void> | null = null;

  constructor(private readonly db: ReadModelDb) {}

  private table(): Promise<void> {
    this.ready ??= this.db.exec(SCHEMA);
    return this.ready;
  }

  /** A new run, or (`resume`) the latest one that did not finish, with its saved progress. */
  async begin(resume: boolean): Promise<AuditRun> {
    await this.table();
    if (resume) {
      const rows = await this.db.all<Row>(
        'SELECT * FROM integrity_audits WHERE finished = 0 ORDER BY started_at DESC LIMIT 1',
      );
      if (rows.length > 0) return runOf(rows[0]);
    }
    const now = new Date().toISOString();
    const run: AuditRun = {
      auditId: randomUUID(),
      startedAt: now,
      updatedAt: now,
      finished: false,
      progress: null,
      report: null,
    };
    await this.db.run(
      'INSERT INTO integrity_audits (audit_id, started_at, updated_at, finished) VALUES ($1, $2, $3, 0)',
      [run.auditId, now, now],
    );
    return run;
  }

  async save(auditId: string, progress: AuditProgress): Promise<void> {
    await this.db.run('UPDATE integrity_audits SET progress = $1, updated_at = $2 WHERE audit_id = $3', [
      JSON.stringify(progress),
      new Date().toISOString(),
      auditId,
    ]);
  }

  async finish(auditId: string, report: AuditReport): Promise<void> {
    await this.db.run('UPDATE integrity_audits SET finished = 1, report = $1, updated_at = $2 WHERE audit_id = $3', [
      JSON.stringify(report),
      new Date().toISOString(),
      auditId,
    ]);
  }

  async latest(): Promise<AuditRun | null> {
    await this.table();
    const rows = await this.db.all<Row>('SELECT * FROM integrity_audits ORDER BY started_at DESC LIMIT 1');
    return rows.length ? runOf(rows[0]) : null;
  }
}
