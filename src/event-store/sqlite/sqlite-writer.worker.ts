/** The SQLite writer thread (writer-thread.ts): owns the write connection; the fsync of each commit blocks only it. */
import { workerData } from 'node:worker_threads';
import { serveWriter } from '../writer-thread.js';
import type { SealingSettings } from '../seal.js';
import { openLedgerDb, SqliteWriter } from './sqlite-writer.js';

await serveWriter(() => {
  const { file, sealing } = workerData as { file: string; sealing: SealingSettings | null };
  const db = openLedgerDb(file);
  const writer = new SqliteWriter(db, sealing);
  return { commit: (batch) => writer.commit(batch), close: async () => void db.close() };
});
