import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { searchDisclosures, type DisclosureHit } from '../accounting/projection/disclosure-search.reader.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { SearchDisclosuresQuery } from './search-disclosures.query.js';

@QueryHandler(SearchDisclosuresQuery)
export class SearchDisclosuresHandler implements IQueryHandler<SearchDisclosuresQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute({
    filters,
  }: SearchDisclosuresQuery): Promise<{ disclosures: DisclosureHit[]; nextCursor: string | null }> {
    const { disclosures, nextBefore } = await searchDisclosures(this.db, filters);
    return { disclosures, nextCursor: nextBefore === null ? null : String(nextBefore) };
  }
}
