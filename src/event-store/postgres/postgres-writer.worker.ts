/** The PostgreSQL writer thread (writer-thread.ts): its own connection; the commit's round trips wait only here. */
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import { serveWriter } from '../writer-thread.js';
import type { SealingSettings } from '../seal.js';
import { PostgresWriter } from './postgres-writer.js';

await serveWriter(async () => {
  const { connectionString, schema, sealing } = workerData as {
    connectionString: string;
    schema: string;
    sealing: SealingSettings | null;
  };
  const client = new pg.Client({ connectionString });
  await client.connect();
  const writer = new PostgresWriter(client, schema, sealing);
  return { commit: (batch) => writer.commit(batch), close: () => client.end() };
});
