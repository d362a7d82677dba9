/**
 * The SQLite writer thread: owns the write connection and commits the groups the service thread sends it, so
 * that the commit's fsync (synchronous=FULL) blocks this thread, not the event loop that parses, validates and
 * decides the next commands. Messages: `{ id, batch }` → `{ id, outcomes }` (or `{ id, failed }` when the whole
 * transaction failed); `{ close: true }` closes the connection and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeOutcome, openLedgerDb, SqliteWriter, type EncodedAppend, type EncodedOutcome } from './sqlite-writer.js';

export type WriterRequest = { id: number; batch: EncodedAppend[] } | { close: true };
export type WriterReply = { id: number; outcomes: EncodedOutcome[] } | { id: number; failed: string };

if (parentPort) {
  const port = parentPort;
  const db = openLedgerDb((workerData as { file: string }).file);
  const writer = new SqliteWriter(db);
  port.on('message', (message: WriterRequest) => {
    if ('close' in message) {
      db.close();
      port.close();
      return;
    }
    let reply: WriterReply;
    try {
      reply = { id: message.id, outcomes: writer.commit(message.batch).map(encodeOutcome) };
    } catch (error) {
      reply = { id: message.id, failed: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
