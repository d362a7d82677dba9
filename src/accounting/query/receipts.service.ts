/**
 * Integrity receipts for an accounting (api.md "Integrity"): for each listed disclosure, its leaf and an
 * RFC 9162 inclusion proof against a signed checkpoint that covers it, so the member can check offline
 * (`phi-ledger verify`) that the accounting is backed by the ledger everyone else sees.
 */
import { Inject, Injectable } from '@nestjs/common';
import { projectionLagging } from '../../http/problem.js';
import { IntegrityService } from '../../integrity/log/integrity.service.js';
import { MERKLE_LOG } from '../../integrity/log/merkle-log.projection.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import type { Accounting } from '../engine/engine-types.js';
import { disclosurePositions } from '../projection/accounting.reader.js';

@Injectable()
export class ReceiptsService {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly integrity: IntegrityService,
    private readonly projections: ProjectionsService,
  ) {}

  async attach<A extends Omit<Accounting, 'trace'>>(accounting: A) {
    const ids = accounting.entries.flatMap((e) => e.disclosureIds);
    const positions = await disclosurePositions(this.db, ids);
    const highest = Math.max(0, ...positions.values());
    if (!(await this.projections.runner(MERKLE_LOG).waitFor(BigInt(highest), 5000))) {
      throw projectionLagging('the Merkle log has not integrated these disclosures yet', {}, 'Integrity log lagging');
    }
    let checkpoint = await this.integrity.latest();
    if (!checkpoint || checkpoint.size < highest) checkpoint = (await this.integrity.issueNow()) ?? checkpoint;
    if (!checkpoint) return { ...accounting, checkpoint: null };
    const entries = await Promise.all(
      accounting.entries.map(async (entry) => ({
        ...entry,
        receipts: await Promise.all(
          entry.disclosureIds.map(async (disclosureId) => {
            const proof = await this.integrity.inclusionProof(positions.get(disclosureId)!, checkpoint.size);
            return {
              disclosureId,
              position: proof.position,
              leafIndex: proof.leafIndex,
              leafHash: proof.leafHash,
              hashes: proof.hashes,
            };
          }),
        ),
      })),
    );
    return { ...accounting, entries, checkpoint: checkpoint.note };
  }
}
