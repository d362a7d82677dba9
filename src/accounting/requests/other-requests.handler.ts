import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { otherRequestsReceivedAt } from '../projection/requests.reader.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { OtherRequestsQuery } from './other-requests.query.js';

@QueryHandler(OtherRequestsQuery)
export class OtherRequestsHandler implements IQueryHandler<OtherRequestsQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly accounting: AccountingGenerator,
  ) {}

  async execute({ memberId, requestId, kind }: OtherRequestsQuery): Promise<string[]> {
    await this.accounting.waitForEverythingRecorded();
    return otherRequestsReceivedAt(this.db, memberId, requestId, kind);
  }
}
