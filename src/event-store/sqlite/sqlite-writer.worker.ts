/** The SQLite writer thread (writer-thread.ts): owns the write connection; the fsync of each commit blocks only it. */
import { workerData } from 'node:worker_threads';
import { serveWriter } from '../writer-thread.js';
import { openLedgerDb, SqliteWriter } from './sqlite-writer.js';

await serveWriter(() => {
  const db = openLedgerDb((workerData as { file: string }).file);
  const writer = new SqliteWriter(db);
  return { commit: (batch) => writer.commit(batch), close: async () => void db.close() };
});
