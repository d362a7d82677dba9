/** Reads of the business-associate register (associates.projection.ts) and the disclosures flagged outside an agreement. */
import type { ReadModelDb } from '../../projections/read-model-db.js';
import {
  ASSOCIATE_FINDING_CODES,
  emptyAssociate,
  foldAssociate,
  type AssociateOnFile,
} from '../../rules/business-associates.js';

export async function registeredAssociates(db: ReadModelDb): Promise<AssociateOnFile[]> {
  const rows = await db.all<{ associate_id: string; position: string | number; type: string; data: string }>(
    'SELECT associate_id, position, type, data FROM ba_events ORDER BY associate_id, position',
  );
  const byId = new Map<string, { type: string; data: unknown; position: bigint }[]>();
  for (const r of rows) {
    const events = byId.get(r.associate_id) ?? [];
    events.push({ type: r.type, data: JSON.parse(r.data), position: BigInt(r.position) });
    byId.set(r.associate_id, events);
  }
  return [...byId.values()].map((events) => foldAssociate(emptyAssociate(), events));
}

/** Disclosures to `associateId` the ledger judged made outside an agreement (or marketing without authorization). */
export async function disclosuresOutsideAgreement(
  db: ReadModelDb,
  associateId: string,
): Promise<{ disclosureId: string; memberId: string; flaggedAt: string; finding: string }[]> {
  const rows = await db.all<{ disclosure_id: string; member_id: string; recorded_at: string; reasons: string }>(
    `SELECT disclosure_id, member_id, recorded_at, reasons FROM acc_breach_assessments
      WHERE reasons LIKE $1 ESCAPE '!' ORDER BY position`,
    [`%(${associateId.replace(/[!%_]/g, (c) => `!${c}`)}):%`],
  );
  const tags = ASSOCIATE_FINDING_CODES.map((code) => `${code} (${associateId}):`);
  return rows.flatMap((r) => {
    const finding = (JSON.parse(r.reasons) as string[]).find((f) => tags.some((tag) => f.startsWith(tag)));
    return finding ? [{ disclosureId: r.disclosure_id, memberId: r.member_id, flaggedAt: r.recorded_at, finding }] : [];
  });
}
