import { Inject, Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { problem, ProblemError } from '../../http/problem.js';
import { readModelsCurrent } from '../query/read-models-current.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { annualLogDue } from '../../rules/breach-notification.js';
import { planDate } from '../../rules/plan-dates.js';
import {
  incidentById,
  incidentDisclosures,
  incidentReach,
  listIncidents,
  type IncidentRow,
} from '../projection/incidents.reader.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { annualLog, dueWithin, incidentView } from './incident-view.js';
import { GetIncidentQuery, HhsBreachLogQuery, ListIncidentsQuery } from './incident.queries.js';

/** The views read two read models (incidents, and the accounting's disclosures and facts): both must be current. */
@Injectable()
export class IncidentReads {
  constructor(
    @Inject(READ_MODEL_DB) readonly db: ReadModelDb,
    private readonly projections: ProjectionsService,
    private readonly accounting: AccountingGenerator,
  ) {}

  current(): Promise<void> {
    return readModelsCurrent(this.projections);
  }

  today(asOf: string): string {
    return planDate(asOf, this.accounting.policy.timeZone);
  }

  async view(row: IncidentRow, today: string) {
    const reach = await incidentReach(this.db, row.incidentId, row.summary.discoveredOn ?? today);
    return incidentView(row, reach, today);
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery> {
  constructor(private readonly reads: IncidentReads) {}

  async execute({ filters }: ListIncidentsQuery) {
    await this.reads.current();
    const asOf = filters.asOf ?? new Date().toISOString();
    const today = this.reads.today(asOf);
    const views = [];
    for (const row of await listIncidents(this.reads.db)) {
      const view = await this.reads.view(row, today);
      if (filters.status && view.status !== filters.status) continue;
      if (filters.dueWithin !== undefined && !dueWithin(view, today, filters.dueWithin)) continue;
      views.push(view);
    }
    return { asOf, incidents: views };
  }
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery> {
  constructor(private readonly reads: IncidentReads) {}

  async execute({ incidentId, page, asOf }: GetIncidentQuery) {
    await this.reads.current();
    const row = await incidentById(this.reads.db, incidentId);
    if (!row)
      throw new ProblemError(problem(404, 'UNKNOWN_INCIDENT', 'Not found', `no incident ${incidentId} is recorded`));
    const at = asOf ?? new Date().toISOString();
    const disclosures = await incidentDisclosures(this.reads.db, incidentId, page.cursor ?? null, page.limit);
    const next = {
      disclosures,
      nextCursor: disclosures.length === page.limit ? disclosures[disclosures.length - 1].disclosureId : null,
    };
    if (page.cursor !== undefined) return { incidentId, asOf: at, page: next };
    return { ...(await this.reads.view(row, this.reads.today(at))), asOf: at, page: next };
  }
}

@QueryHandler(HhsBreachLogQuery)
export class HhsBreachLogHandler implements IQueryHandler<HhsBreachLogQuery> {
  constructor(private readonly reads: IncidentReads) {}

  async execute({ year }: HhsBreachLogQuery) {
    await this.reads.current();
    const today = this.reads.today(new Date().toISOString());
    const views = await Promise.all((await listIncidents(this.reads.db)).map((row) => this.reads.view(row, today)));
    return { year, dueOn: annualLogDue(year), breaches: annualLog(views, year) };
  }
}
