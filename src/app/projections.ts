/**
 * Every projection the service runs (the composition root registers them; the runner knows none). Add a read model
 * here and it is run, rebuilt and reported.
 */
import { accessLogProjection } from '../access-log/access-log.projection.js';
import { createUsesProjection } from '../access-report/uses.projection.js';
import { createAccountingProjection } from '../accounting/projection/accounting.projection.js';
import { associatesProjection } from '../accounting/projection/associates.projection.js';
import { incidentsProjection } from '../accounting/projection/incidents.projection.js';
import type { LedgerConfig } from '../config/config.js';
import { policyFromConfig } from '../config/policy.js';
import { checkpointPolicy } from '../integrity/log/integrity-keys.js';
import { createMerkleLogProjection } from '../integrity/log/merkle-log.projection.js';
import { streamCatalogueProjection } from '../ops/stream-catalogue.projection.js';
import type { Projection } from '../projections/projection.js';

export function buildProjections(config: LedgerConfig): Projection[] {
  return [
    streamCatalogueProjection,
    createAccountingProjection(policyFromConfig(config)),
    incidentsProjection,
    associatesProjection,
    accessLogProjection,
    createUsesProjection({
      timeZone: config.LEDGER_TIMEZONE,
      businessHours: config.LEDGER_POLICY_BUSINESS_HOURS,
      bulkReadThreshold: config.LEDGER_POLICY_BULK_READ_THRESHOLD,
    }),
    createMerkleLogProjection({ ...checkpointPolicy(config), checkpointEvery: config.LEDGER_CHECKPOINT_EVERY }),
  ];
}

export function findProjection(projections: Projection[], name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection "${name}"; known: ${projections.map((p) => p.name).join(', ')}`);
  return found;
}
