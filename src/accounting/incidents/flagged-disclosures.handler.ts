import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { flaggedDisclosures, flaggedMatching } from '../projection/incidents.reader.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { readModelsCurrent } from '../query/read-models-current.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { FlaggedDisclosuresQuery, FlaggedMatchingQuery } from './flagged-disclosures.query.js';

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

/** Read once the incidents and accounting read models hold everything recorded (a page just grouped is left out). */
@QueryHandler(FlaggedMatchingQuery)
export class FlaggedMatchingHandler implements IQueryHandler<FlaggedMatchingQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filter, after, limit }: FlaggedMatchingQuery) {
    await readModelsCurrent(this.projections);
    return flaggedMatching(this.db, filter, after, limit);
  }
}
