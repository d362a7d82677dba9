import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { registeredAssociates } from '../accounting/projection/associates.reader.js';
import { searchDisclosures, type DisclosureHit } from '../accounting/projection/disclosure-search.reader.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { SearchDisclosuresQuery } from './search-disclosures.query.js';

/**
 * The search; `recipient` also finds disclosures to a registered business associate whose name or an alias starts
 * with it (disclosures name an associate by `recipient.id`, with whatever name the sending system used).
 */
@QueryHandler(SearchDisclosuresQuery)
export class SearchDisclosuresHandler implements IQueryHandler<SearchDisclosuresQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute({
    filters,
  }: SearchDisclosuresQuery): Promise<{ disclosures: DisclosureHit[]; nextCursor: string | null }> {
    const recipientIds = filters.recipient ? await this.associatesNamed(filters.recipient) : undefined;
    const { disclosures, nextAfter } = await searchDisclosures(this.db, { ...filters, recipientIds });
    return { disclosures, nextCursor: nextAfter === null ? null : String(nextAfter) };
  }

  private async associatesNamed(prefix: string): Promise<string[]> {
    const key = prefix.toLowerCase();
    return (await registeredAssociates(this.db))
      .map((a) => a.registered)
      .filter((r) => r !== null && [r.name, ...r.aliases].some((n) => n.toLowerCase().startsWith(key)))
      .map((r) => r!.associateId);
  }
}
