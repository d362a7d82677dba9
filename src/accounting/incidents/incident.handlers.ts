import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { problem, ProblemError } from '../../http/problem.js';
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
abstract class IncidentReads {
  constructor(
    protected readonly db: ReadModelDb,
    private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    protected readonly accounting: AccountingGenerator,
  ) {}

  protected async current(): Promise<void> {
    const head = await this.store.head();
    if (!(await this.projections.waitForAll(head, 5000))) {
      throw new ProblemError(
        problem(
          503,
          'PROJECTION_LAGGING',
          'Read model lagging',
          `the read models have not reached position ${head} within 5 s`,
        ),
      );
    }
  }

  protected today(asOf: string): string {
    return planDate(asOf, this.accounting.policy.timeZone);
  }

  protected async view(row: IncidentRow, today: string) {
    return incidentView(row, await incidentReach(this.db, row.incidentId), today);
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler extends IncidentReads implements IQueryHandler<ListIncidentsQuery> {
  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(EVENT_STORE) store: EventStore,
    projections: ProjectionsService,
    accounting: AccountingGenerator,
  ) {
    super(db, store, projections, accounting);
  }

  async execute({ filters }: ListIncidentsQuery) {
    await this.current();
    const asOf = filters.asOf ?? new Date().toISOString();
    const today = this.today(asOf);
    const views = [];
    for (const row of await listIncidents(this.db)) {
      const view = await this.view(row, today);
      if (filters.status && view.status !== filters.status) continue;
      if (filters.dueWithin !== undefined && !dueWithin(view, today, filters.dueWithin)) continue;
      views.push(view);
    }
    return { asOf, incidents: views };
  }
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler extends IncidentReads implements IQueryHandler<GetIncidentQuery> {
  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(EVENT_STORE) store: EventStore,
    projections: ProjectionsService,
    accounting: AccountingGenerator,
  ) {
    super(db, store, projections, accounting);
  }

  async execute({ incidentId, page, asOf }: GetIncidentQuery) {
    await this.current();
    const row = await incidentById(this.db, incidentId);
    if (!row)
      throw new ProblemError(problem(404, 'UNKNOWN_INCIDENT', 'Not found', `no incident ${incidentId} is recorded`));
    const at = asOf ?? new Date().toISOString();
    const disclosures = await incidentDisclosures(this.db, incidentId, page.cursor ?? null, page.limit);
    const next = {
      disclosures,
      nextCursor: disclosures.length === page.limit ? disclosures[disclosures.length - 1].disclosureId : null,
    };
    if (page.cursor !== undefined) return { incidentId, asOf: at, page: next };
    return { ...(await this.view(row, this.today(at))), asOf: at, page: next };
  }
}

@QueryHandler(HhsBreachLogQuery)
export class HhsBreachLogHandler extends IncidentReads implements IQueryHandler<HhsBreachLogQuery> {
  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(EVENT_STORE) store: EventStore,
    projections: ProjectionsService,
    accounting: AccountingGenerator,
  ) {
    super(db, store, projections, accounting);
  }

  async execute({ year }: HhsBreachLogQuery) {
    await this.current();
    const today = this.today(new Date().toISOString());
    const views = await Promise.all((await listIncidents(this.db)).map((row) => this.view(row, today)));
    return { year, dueOn: annualLogDue(year), breaches: annualLog(views, year) };
  }
}
