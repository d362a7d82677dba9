/**
 * Answers a member's accounting: who may ask what (role scoping), the read model as known at `knownAt`, the
 * pure engine at `asOf`, and optional integrity receipts for every listed disclosure.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/roles.js';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { problem, ProblemError } from '../../http/problem.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../shared/plan-dates.js';
import { generateAccounting } from '../engine/accounting-engine.js';
import type { Accounting } from '../engine/engine-types.js';
import type { AccountingPolicy } from '../engine/policy.js';
import { policyFromConfig } from '../engine/policy-from-config.js';
import { ACCOUNTING_PROJECTION } from '../projection/accounting.projection.js';
import { normalizeInstant, readAccountingInput } from '../projection/accounting.reader.js';
import type { AccountingQueryDto } from './accounting.query.dto.js';
import { authorizeAccountingRead } from './accounting-access.js';

const forbidden = (detail: string) => new ProblemError(problem(403, 'FORBIDDEN', 'Forbidden', detail));

export interface AccountingOptions {
  requestedOn?: string;
  asOf?: string;
  knownAt?: string;
  from?: string;
  to?: string;
  summarize?: boolean;
  requester?: string | null;
}

@Injectable()
export class AccountingQueryService {
  readonly policy: AccountingPolicy;

  constructor(
    @Inject(CONFIG) config: LedgerConfig,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {
    this.policy = policyFromConfig(config);
  }

  /**
   * Wait (bounded) until the accounting read model has applied `position` (api.md `minPosition`), or, when none is
   * given, everything recorded before the request: an accounting is a legal document and must not leave out a
   * disclosure the ledger already holds (nor be served from a read model being rebuilt after an upgrade). Under
   * sustained writes this costs at most the projection's linger; a read model far behind answers 503.
   */
  async waitFor(position: bigint | undefined): Promise<void> {
    position ??= await this.store.head();
    if (!(await this.projections.runner(ACCOUNTING_PROJECTION).waitFor(position, 5000))) {
      throw new ProblemError(
        problem(
          503,
          'PROJECTION_LAGGING',
          'Read model lagging',
          `the accounting read model has not reached position ${position} within 5 s`,
        ),
      );
    }
  }

  /** The accounting the caller may see, after role scoping (api.md "Queries"). */
  async forCaller(memberId: string, principal: Principal, q: AccountingQueryDto): Promise<Accounting> {
    const office = principal.roles.includes('privacy-officer') || principal.roles.includes('auditor');
    if (!office) {
      const officeOnly = (['requestedOn', 'asOf', 'knownAt', 'includeTrace'] as const).filter(
        (k) => q[k] !== undefined,
      );
      if (officeOnly.length > 0)
        throw forbidden(`${officeOnly.join(', ')} may only be set by a privacy officer or auditor`);
    }
    const access = await authorizeAccountingRead(this.db, memberId, principal, q.requester ?? null, office);
    if (access === 'denied')
      throw forbidden('you may see only your own accounting, or one you are the personal representative for');
    return this.generate(memberId, {
      requestedOn: q.requestedOn,
      asOf: q.asOf,
      knownAt: q.knownAt,
      from: q.from,
      to: q.to,
      summarize: q.summarize === undefined ? undefined : q.summarize === 'true',
      requester: access.requester,
    });
  }

  async generate(memberId: string, o: AccountingOptions): Promise<Accounting> {
    const now = new Date().toISOString();
    const asOf = normalizeInstant(o.asOf ?? now);
    const knownAt = o.knownAt ?? now;
    const requestedOn = o.requestedOn ?? planDate(asOf, this.policy.timeZone);
    if (o.from && o.to && o.from > o.to) {
      throw new ProblemError(
        problem(400, 'VALIDATION_FAILED', 'Invalid request', 'to must not be before from', {
          errors: [{ path: 'to', message: 'must not be before from' }],
        }),
      );
    }
    const input = await readAccountingInput(this.db, memberId, knownAt);
    return generateAccounting(
      input,
      {
        requestedOn,
        from: o.from,
        to: o.to,
        summarize: o.summarize ?? this.policy.summarizeByDefault,
        requesterPersonId: o.requester ?? null,
      },
      asOf,
      this.policy,
    );
  }
}
