/**
 * Generates accountings: the read model as known at `knownAt`, the pure engine at `asOf`. Also the read-your-writes
 * wait every accounting read makes first.
 */
import { Inject, Injectable } from '@nestjs/common';
import { AccessLog } from '../../access-log/access-log.service.js';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { policyFromConfig } from '../../config/policy.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { problem, projectionLagging, ProblemError } from '../../http/problem.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../rules/plan-dates.js';
import type { AccountingPolicy } from '../../rules/policy.js';
import { generateAccounting } from '../engine/accounting-engine.js';
import type { Accounting, AccountingRegime, DisclosureRow } from '../engine/engine-types.js';
import { ACCOUNTING_PROJECTION } from '../projection/accounting.projection.js';
import { normalizeInstant, readAccountingInput } from '../projection/accounting.reader.js';

export interface AccountingOptions {
  requestedOn?: string;
  asOf?: string;
  knownAt?: string;
  from?: string;
  to?: string;
  summarize?: boolean;
  requester?: string | null;
  regime?: AccountingRegime;
}

const invalid = (path: string, message: string) =>
  new ProblemError(
    problem(400, 'VALIDATION_FAILED', 'Invalid request', `${path} ${message}`, { errors: [{ path, message }] }),
  );

@Injectable()
export class AccountingGenerator {
  readonly policy: AccountingPolicy;

  constructor(
    @Inject(CONFIG) config: LedgerConfig,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly accessLog: AccessLog,
  ) {
    this.policy = policyFromConfig(config);
  }

  /**
   * Wait (bounded) until the accounting read model has applied everything recorded before the request: an accounting is a legal document and must not leave out a
   * disclosure the ledger already holds (nor be served from a read model being rebuilt after an upgrade). Under
   * sustained writes this costs at most the projection's linger; a read model far behind answers 503.
   */
  async waitForEverythingRecorded(): Promise<void> {
    const position = await this.accessLog.readHead(await this.store.head());
    if (!(await this.projections.runner(ACCOUNTING_PROJECTION).waitFor(position, 5000))) {
      throw projectionLagging(`the accounting read model has not reached position ${position} within 5 s`);
    }
  }

  /** The accounting and the read-model rows of the member's disclosures it was made from (for the FHIR export). */
  async generate(
    memberId: string,
    o: AccountingOptions,
  ): Promise<{ accounting: Accounting; rows: Map<string, DisclosureRow> }> {
    const now = new Date().toISOString();
    const asOf = normalizeInstant(o.asOf ?? now);
    const requestedOn = o.requestedOn ?? planDate(asOf, this.policy.timeZone);
    if (o.from && o.to && o.from > o.to) throw invalid('to', 'must not be before from');
    const input = await readAccountingInput(this.db, memberId, o.knownAt ?? now);
    const query = {
      requestedOn,
      from: o.from,
      to: o.to,
      summarize: o.summarize ?? this.policy.summarizeByDefault,
      requesterPersonId: o.requester ?? null,
      regime: o.regime,
    };
    const accounting = generateAccounting(input, query, asOf, this.policy);
    return { accounting, rows: new Map(input.disclosures.map((d) => [d.disclosureId, d])) };
  }
}
