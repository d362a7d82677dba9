import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { requestStream } from '../../events/accounting-request.events.js';
import { problem, ProblemError } from '../../http/problem.js';
import { GetAccountingRequestQuery } from './get-request.query.js';
import { requestView, type RequestView } from './request-lifecycle.js';
import { requestOf } from './request-state.js';

export const unknownRequest = (requestId: string) =>
  new ProblemError(problem(404, 'UNKNOWN_REQUEST', 'Not found', `no accounting request ${requestId} is recorded`));

/** Read from the request's own stream, so the answer includes everything recorded for it so far. */
@QueryHandler(GetAccountingRequestQuery)
export class GetAccountingRequestHandler implements IQueryHandler<GetAccountingRequestQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ requestId, asOf }: GetAccountingRequestQuery): Promise<RequestView> {
    const state = requestOf(await this.store.readStream(requestStream(requestId)));
    if (!state.requested) throw unknownRequest(requestId);
    return requestView(requestId, state, asOf ?? new Date().toISOString(), this.config.LEDGER_TIMEZONE);
  }
}
