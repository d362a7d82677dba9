import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { openBreachAssessments, type BreachAssessment } from '../accounting/projection/disclosure-search.reader.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { ListBreachAssessmentsQuery } from './breach-assessments.query.js';

@QueryHandler(ListBreachAssessmentsQuery)
export class ListBreachAssessmentsHandler implements IQueryHandler<ListBreachAssessmentsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async execute(): Promise<{ assessments: BreachAssessment[] }> {
    return { assessments: await openBreachAssessments(this.db) };
  }
}
