import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { flaggedDisclosures } from '../projection/incidents.reader.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { FlaggedDisclosuresQuery } from './flagged-disclosures.query.js';

/** Once everything recorded is in the read model: a disclosure flagged a moment ago can be grouped. */
@QueryHandler(FlaggedDisclosuresQuery)
export class FlaggedDisclosuresHandler implements IQueryHandler<FlaggedDisclosuresQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly accounting: AccountingGenerator,
  ) {}

  async execute({ disclosureIds }: FlaggedDisclosuresQuery) {
    await this.accounting.waitForEverythingRecorded();
    return flaggedDisclosures(this.db, disclosureIds);
  }
}
