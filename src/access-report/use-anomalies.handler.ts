import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readModelsCurrent } from '../accounting/query/read-models-current.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { SNOOPING_RULES } from './snooping.js';
import { SearchUseAnomaliesQuery, type FindingWithUses } from './use-anomalies.query.js';
import { searchFindings, usesBehind } from './uses.reader.js';

/** Findings as of everything recorded before the question, each with its rule in words and the uses behind it. */
@QueryHandler(SearchUseAnomaliesQuery)
export class SearchUseAnomaliesHandler implements IQueryHandler<SearchUseAnomaliesQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filters }: SearchUseAnomaliesQuery) {
    await readModelsCurrent(this.projections);
    const page = await searchFindings(this.db, { ...filters, limit: filters.limit + 1 });
    const findings: FindingWithUses[] = [];
    for (const f of page.slice(0, filters.limit))
      findings.push({ ...f, description: SNOOPING_RULES[f.rule], uses: await usesBehind(this.db, f) });
    const last = findings[findings.length - 1];
    return {
      findings,
      rules: SNOOPING_RULES,
      nextCursor: page.length > filters.limit ? String(last.position) : null,
    };
  }
}
