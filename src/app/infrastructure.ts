/**
 * Opens what the ledger runs on, from validated configuration: the event store and the read-model database.
 * Shared by the HTTP service and the CLI so both always agree on where data lives.
 */
import { join } from 'node:path';
import type { LedgerConfig } from '../config/config.js';
import { workerLimits } from '../config/memory.js';
import { openEventStore } from '../event-store/event-store.factory.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { MEMBER_FACT_TYPES } from '../events/member.events.js';
import { exportNoteSignerPem } from '../integrity/checkpoints/note-keys.js';
import { loadCheckpointSigner } from '../integrity/log/integrity-keys.js';
import { PostgresReadModelDb } from '../projections/postgres-read-model-db.js';
import type { ReadModelDb } from '../projections/read-model-db.js';
import { SqliteReadModelDb } from '../projections/sqlite-read-model-db.js';

export interface Infrastructure {
  store: EventStore;
  readModels: ReadModelDb;
  close(): Promise<void>;
}

export async function openReadModelDb(config: LedgerConfig): Promise<ReadModelDb> {
  if (config.DATABASE_URL) return new PostgresReadModelDb(config.DATABASE_URL, config.LEDGER_PG_SCHEMA).init();
  const { readModelCacheKb: cacheKb, readModelMmapBytes: mmapBytes } = config.memory;
  return new SqliteReadModelDb(join(config.LEDGER_DATA_DIR, 'read-models.sqlite'), { cacheKb, mmapBytes });
}

export async function openInfrastructure(config: LedgerConfig): Promise<Infrastructure> {
  const store = await openEventStore({
    store: config.LEDGER_STORE,
    dataDir: config.LEDGER_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    pgSchema: config.LEDGER_PG_SCHEMA,
    writer: config.LEDGER_STORE_WRITER,
    writerLimits: workerLimits(config.memory).resourceLimits,
    // every commit is sealed with the checkpoint key, so that rows written around the ledger are told apart
    sealing: { origin: config.LEDGER_LOG_ORIGIN, keyPem: exportNoteSignerPem(loadCheckpointSigner(config)) },
    // what the bulk import reads of a member instead of the whole stream (member.events.ts)
    factTypes: MEMBER_FACT_TYPES,
  });
  const readModels = await openReadModelDb(config);
  return {
    store,
    readModels,
    close: async () => {
      await readModels.close();
      await store.close();
    },
  };
}
