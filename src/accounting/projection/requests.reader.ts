/** The accounting requests as the read model holds them (acc_request_events): the privacy office's and auditors' view. */
import type { FoldableEvent } from '../../commands/stream-kind.js';
import type { AccountingRequested, RequestKind } from '../../events/accounting-request.events.js';
import type { ReadModelDb } from '../../projections/read-model-db.js';

/** Every request's events (optionally one member's), by request id, in log order. */
export async function requestHistories(db: ReadModelDb, memberId?: string): Promise<Map<string, FoldableEvent[]>> {
  const rows = await db.all<{ request_id: string; type: string; data: string; position: string | number }>(
    memberId
      ? 'SELECT request_id, type, data, position FROM acc_request_events WHERE member_id = $1 ORDER BY position'
      : 'SELECT request_id, type, data, position FROM acc_request_events ORDER BY position',
    memberId ? [memberId] : [],
  );
  const byRequest = new Map<string, FoldableEvent[]>();
  for (const r of rows) {
    const event = { type: r.type, data: JSON.parse(r.data) as unknown, position: BigInt(r.position) };
    const history = byRequest.get(r.request_id);
    if (history) history.push(event);
    else byRequest.set(r.request_id, [event]);
  }
  return byRequest;
}

/**
 * When the member's other requests of `kind` were received (withdrawn ones and `requestId` itself left out):
 * 164.528(c)(2), whose 12 months the 42 CFR 2.25 accounting counts over its own requests.
 */
export async function otherRequestsReceivedAt(
  db: ReadModelDb,
  memberId: string,
  requestId: string,
  kind: RequestKind = 'accounting',
): Promise<string[]> {
  const rows = await db.all<{ request_id: string; type: string; data: string }>(
    `SELECT request_id, type, data FROM acc_request_events WHERE member_id = $1 AND type IN ('AccountingRequested', 'RequestWithdrawn')`,
    [memberId],
  );
  const withdrawn = new Set(rows.filter((r) => r.type === 'RequestWithdrawn').map((r) => r.request_id));
  return rows
    .filter((r) => r.type === 'AccountingRequested' && r.request_id !== requestId && !withdrawn.has(r.request_id))
    .map((r) => JSON.parse(r.data) as AccountingRequested)
    .filter((r) => (r.kind ?? 'accounting') === kind)
    .map((r) => r.receivedAt);
}
