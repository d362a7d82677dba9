import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProjectionsService } from '../../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { readModelsCurrent } from '../query/read-models-current.js';
import { inEffectOn, type AssociateOnFile } from '../../rules/business-associates.js';
import { addDays } from '../../rules/calendar.js';
import { planDate } from '../../rules/plan-dates.js';
import { disclosuresOutsideAgreement, registeredAssociates } from '../projection/associates.reader.js';
import { AccountingGenerator } from '../query/accounting-generator.js';
import { ListAssociatesQuery, type AssociateView } from './associates.query.js';

/** The register with each agreement's status on a date, agreements about to lapse, and disclosures made outside one. */
export function associateView(
  a: AssociateOnFile,
  onDate: string,
  lapsingWithin: number,
): Omit<AssociateView, 'outsideAgreement'> {
  const agreements = [...a.agreements.values()].map((g) => ({
    ...g,
    status:
      g.terminatedOn !== null && g.terminatedOn <= onDate
        ? ('terminated' as const)
        : inEffectOn(g, onDate)
          ? ('in-effect' as const)
          : g.effectiveFrom > onDate || g.signedOn > onDate
            ? ('not-yet-effective' as const)
            : ('expired' as const),
  }));
  const current = agreements.filter((g) => g.status === 'in-effect');
  const lastDayOf = (g: (typeof agreements)[number]) =>
    [g.effectiveUntil, g.terminatedOn && addDays(g.terminatedOn, -1)]
      .filter((d): d is string => d !== null)
      .sort()[0] ?? null;
  const horizon = addDays(onDate, lapsingWithin);
  let lapsing: AssociateView['lapsing'] = null;
  for (const g of current) {
    const last = lastDayOf(g);
    if (last === null || last > horizon) continue;
    const next = addDays(last, 1);
    if (![...a.agreements.values()].some((other) => inEffectOn(other, next)))
      lapsing = { agreementId: g.agreementId, lastDay: last };
  }
  const { associateId, name, aliases, services } = a.registered!;
  return { associateId, name, aliases, services, agreements, covered: current.length > 0, lapsing };
}

@QueryHandler(ListAssociatesQuery)
export class ListAssociatesHandler implements IQueryHandler<ListAssociatesQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly accounting: AccountingGenerator,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ lapsingWithin, asOf }: ListAssociatesQuery) {
    await readModelsCurrent(this.projections);
    const at = asOf ?? new Date().toISOString();
    const onDate = planDate(at, this.accounting.policy.timeZone);
    const associates: AssociateView[] = [];
    for (const a of await registeredAssociates(this.db)) {
      if (!a.registered) continue;
      const outside = await disclosuresOutsideAgreement(this.db, a.registered.associateId);
      associates.push({
        ...associateView(a, onDate, lapsingWithin),
        outsideAgreement: { count: outside.length, disclosures: outside.slice(0, 100) },
      });
    }
    return { asOf: at, onDate, associates };
  }
}
