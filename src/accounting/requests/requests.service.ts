/**
 * The accounting-request lifecycle's I/O: who may file a request, whether a fee applies (other requests in
 * the 12-month window, from the read model once it has caught up), and generating, hashing and storing the
 * accounting at fulfilment (164.528(d)(2); kept six years under 164.530(j)).
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/roles.js';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { problem, ProblemError } from '../../http/problem.js';
import type { CommandContext } from '../../ledger/shared/command-context.js';
import { commandHash } from '../../ledger/shared/command-hash.js';
import { runOnStream } from '../../ledger/shared/stream-command.js';
import { READ_MODEL_DB, type ReadModelDb } from '../../projections/read-model-db.js';
import { planDate } from '../../shared/plan-dates.js';
import { addDays, addYears } from '../engine/calendar.js';
import { AccountingQueryService } from '../query/accounting-query.service.js';
import { authorizeAccountingRead } from '../query/accounting-access.js';
import { foldRequest, requestView } from './request-lifecycle.js';
import { decideFulfilment, decideRequest, fulfilmentRefusal } from './request.decider.js';
import { requestStream, type AccountingRequested } from './request-events.js';
import type { FulfilmentRequestDto, RecordAccountingRequestDto } from './request.request.dto.js';

const forbidden = (detail: string) => new ProblemError(problem(403, 'FORBIDDEN', 'Forbidden', detail));

@Injectable()
export class RequestsService {
  constructor(
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly accounting: AccountingQueryService,
  ) {}

  async file(b: RecordAccountingRequestDto, principal: Principal, context: CommandContext) {
    const office = principal.roles.includes('privacy-officer');
    if (!office) {
      if (b.receivedAt)
        throw forbidden('receivedAt may only be set by the privacy office; your request is received now');
      const access = await authorizeAccountingRead(this.db, b.memberId, principal, null, false);
      const asSelf =
        principal.roles.includes('member') && principal.subject === b.memberId && b.requester.type === 'self';
      const asRepresentative =
        access !== 'denied' &&
        access.requester === principal.subject &&
        b.requester.type === 'representative' &&
        b.requester.personId === principal.subject;
      if (!asSelf && !asRepresentative)
        throw forbidden('you may request only your own accounting, or one you are the personal representative for');
    }
    const receivedAt = b.receivedAt ?? new Date().toISOString();
    const receivedOn = planDate(receivedAt, this.config.LEDGER_TIMEZONE);
    const data = {
      requestId: b.requestId,
      memberId: b.memberId,
      requester: { type: b.requester.type, personId: b.requester.personId ?? null },
      receivedAt,
      period: b.period ? { from: b.period.from, to: b.period.to } : null,
    };
    const hash = commandHash({ ...data, receivedAt: b.receivedAt ?? null });
    await this.accounting.waitFor(undefined); // everything recorded so far
    const cmd: AccountingRequested = {
      ...data,
      dueOn: addDays(receivedOn, 60), // (c)(1): no later than 60 days after receipt
      feeRequired: await this.earlierRequestInWindow(b.memberId, b.requestId, receivedOn),
      commandHash: hash,
    };
    return runOnStream(this.store, requestStream(b.requestId), foldRequest, (s) => decideRequest(s, cmd), context);
  }

  /** (c)(2): "the first accounting to an individual in any 12 month period" is free (policy: rolling or calendar year). */
  private async earlierRequestInWindow(memberId: string, requestId: string, receivedOn: string): Promise<boolean> {
    const rows = await this.db.all<{ request_id: string; type: string; data: string }>(
      `SELECT request_id, type, data FROM acc_request_events WHERE member_id = $1 AND type IN ('AccountingRequested', 'RequestWithdrawn')`,
      [memberId],
    );
    const withdrawn = new Set(rows.filter((r) => r.type === 'RequestWithdrawn').map((r) => r.request_id));
    const windowStart =
      this.accounting.policy.feeWindow === 'calendar-year'
        ? `${receivedOn.slice(0, 4)}-01-01`
        : addDays(addYears(receivedOn, -1), 1);
    return rows.some((r) => {
      if (r.type !== 'AccountingRequested' || r.request_id === requestId || withdrawn.has(r.request_id)) return false;
      const on = planDate((JSON.parse(r.data) as AccountingRequested).receivedAt, this.config.LEDGER_TIMEZONE);
      return on >= windowStart && on <= receivedOn;
    });
  }

  async fulfil(requestId: string, b: FulfilmentRequestDto, context: CommandContext) {
    const state = foldRequest(await this.store.readStream(requestStream(requestId)));
    const refused = fulfilmentRefusal(state, requestId);
    if (refused) return refused;
    const r = state.requested!;
    const tz = this.config.LEDGER_TIMEZONE;
    const accounting = await this.accounting.generate(r.memberId, {
      requestedOn: planDate(r.receivedAt, tz),
      asOf: b.providedAt,
      knownAt: b.providedAt,
      from: state.period?.from,
      to: state.period?.to,
      requester: r.requester.type === 'representative' ? r.requester.personId : null,
    });
    const { trace: _trace, ...forMember } = accounting;
    // 164.528(d)(3): the office responsible for receiving and processing requests is part of the documentation
    const artifact = JSON.stringify({
      plan: this.config.LEDGER_PLAN_NAME ?? null,
      responsibleOffice: this.config.LEDGER_RESPONSIBLE_OFFICE ?? null,
      requestId,
      ...forMember,
    });
    const providedOn = planDate(b.providedAt, tz);
    const provided = {
      memberId: r.memberId,
      providedAt: b.providedAt,
      format: b.format,
      artifact,
      artifactSha256: createHash('sha256').update(artifact).digest('hex'),
      onTime: providedOn <= (state.extension?.newDueOn ?? r.dueOn),
      retainUntil: addYears(providedOn, 6), // 164.530(j)(2): six years from creation
      commandHash: commandHash({ providedAt: b.providedAt, format: b.format }),
    };
    return runOnStream(
      this.store,
      requestStream(requestId),
      foldRequest,
      (s) => decideFulfilment(s, requestId, provided),
      context,
    );
  }

  async view(requestId: string, asOf: string | undefined) {
    const state = foldRequest(await this.store.readStream(requestStream(requestId)));
    if (!state.requested)
      throw new ProblemError(
        problem(404, 'UNKNOWN_REQUEST', 'Not found', `no accounting request ${requestId} is recorded`),
      );
    return requestView(requestId, state, asOf ?? new Date().toISOString(), this.config.LEDGER_TIMEZONE);
  }

  /** Auditors: every request with its status at `asOf` (optionally one status, one member). */
  async search(q: { status?: string; asOf?: string; memberId?: string }) {
    const rows = await this.db.all<{ request_id: string; type: string; data: string; position: string | number }>(
      q.memberId
        ? 'SELECT request_id, type, data, position FROM acc_request_events WHERE member_id = $1 ORDER BY position'
        : 'SELECT request_id, type, data, position FROM acc_request_events ORDER BY position',
      q.memberId ? [q.memberId] : [],
    );
    const byRequest = new Map<string, { type: string; data: unknown; position: bigint }[]>();
    for (const r of rows)
      byRequest.set(r.request_id, [
        ...(byRequest.get(r.request_id) ?? []),
        { type: r.type, data: JSON.parse(r.data), position: BigInt(r.position) },
      ]);
    const asOf = q.asOf ?? new Date().toISOString();
    const views = [...byRequest].map(([id, events]) =>
      requestView(id, foldRequest(events), asOf, this.config.LEDGER_TIMEZONE),
    );
    return { asOf, requests: views.filter((v) => !q.status || v.status === q.status) };
  }
}
