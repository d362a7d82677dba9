import { Query } from '@nestjs/cqrs';
import type { BreachAssessment } from '../accounting/projection/disclosure-search.reader.js';

/** GET /v1/audit/breach-assessments?status=open: impermissible disclosures awaiting a breach assessment (164.402). */
export class ListBreachAssessmentsQuery extends Query<{ assessments: BreachAssessment[] }> {}
