import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { requestHistories } from '../projection/requests.reader.js';
import { requestView, type RequestView } from './request-lifecycle.js';
import { requestOf } from './request-state.js';
import { SearchAccountingRequestsQuery } from './search-requests.query.js';

@QueryHandler(SearchAccountingRequestsQuery)
export class SearchAccountingRequestsHandler implements IQueryHandler<SearchAccountingRequestsQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ filters }: SearchAccountingRequestsQuery): Promise<{ asOf: string; requests: RequestView[] }> {
    const asOf = filters.asOf ?? new Date().toISOString();
    const views = [...(await requestHistories(this.db, filters.memberId))].map(([id, events]) =>
      requestView(id, requestOf(events), asOf, this.config.LEDGER_TIMEZONE),
    );
    return { asOf, requests: views.filter((v) => !filters.status || v.status === filters.status) };
  }
}
