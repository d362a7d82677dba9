import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { StoreConfigurationError } from './errors.js';
import type { SealingSettings } from './seal.js';
import type { WriterPlacement } from './writer-thread.js';

export interface StoreSettings {
  store: 'sqlite' | 'postgres' | 'kurrentdb';
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
  /** commit on a writer thread (the service) or inline (CLI, tools) */
  writer?: WriterPlacement;
  /** the writer thread's memory limits (the service's LEDGER_MEMORY_MB share) */
  writerLimits?: ResourceLimits;
  /** seal every commit (seal.ts): the service and the CLI always do, from the checkpoint key */
  sealing?: SealingSettings | null;
  /** the event types EventStore.readStreamFacts reads (the composition root names the domain's: stream-facts.ts) */
  factTypes?: readonly string[];
}

export async function openEventStore(settings: StoreSettings): Promise<EventStore> {
  switch (settings.store) {
    case 'sqlite':
      return new SqliteEventStore(join(settings.dataDir, 'ledger.sqlite'), {
        writer: settings.writer ?? 'inline',
        sealing: settings.sealing,
        writerLimits: settings.writerLimits,
        factTypes: settings.factTypes,
      });
    case 'postgres':
      if (!settings.databaseUrl) throw new StoreConfigurationError('LEDGER_STORE=postgres needs DATABASE_URL');
      return PostgresEventStore.open({
        connectionString: settings.databaseUrl,
        schema: settings.pgSchema,
        writer: settings.writer ?? 'inline',
        sealing: settings.sealing,
        writerLimits: settings.writerLimits,
        factTypes: settings.factTypes,
      });
    case 'kurrentdb':
      throw new StoreConfigurationError(
        'LEDGER_STORE=kurrentdb: the KurrentDB adapter is not built yet (see docs/architecture.md); use sqlite or postgres',
      );
  }
}
