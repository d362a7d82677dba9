import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ACCESS_LOG_PROJECTION } from './access-log.projection.js';
import { searchAccessLog, type AccessLogRow } from './access-log.reader.js';
import { AccessLog } from './access-log.service.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { projectionLagging } from '../http/problem.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { READ_MODEL_DB, type ReadModelDb } from '../projections/read-model-db.js';
import { SearchAccessLogQuery } from './access-log.query.js';

/**
 * The access log as of now: the reads this instance has answered are appended first (they wait up to a batch
 * interval otherwise), then the read model is awaited up to the log's head, so the answer holds every read answered
 * before it was asked (by this instance; another instance's last batch interval may not be in yet).
 */
@QueryHandler(SearchAccessLogQuery)
export class SearchAccessLogHandler implements IQueryHandler<SearchAccessLogQuery> {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: AccessLog,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filters }: SearchAccessLogQuery): Promise<{ reads: AccessLogRow[]; nextCursor: string | null }> {
    await this.accessLog.flush();
    const head = await this.store.head();
    if (!(await this.projections.runner(ACCESS_LOG_PROJECTION).waitFor(head, 5000)))
      throw projectionLagging(`the access log read model has not reached position ${head} within 5 s`);
    const { reads, nextBefore } = await searchAccessLog(this.db, filters);
    // the cursor: the last row's position, its read's number in the batch, and member (`/` appears in no member id)
    const cursor = nextBefore && `${nextBefore.position}.${nextBefore.seq}/${nextBefore.memberId}`;
    return { reads, nextCursor: cursor };
  }
}
