/**
 * Reads one member's accounting input from the read model as the ledger knew it at `knownAt`: every row
 * recorded after that instant is ignored, and each disclosure is taken in its latest version known then.
 */
import type { ReadModelDb } from '../../projections/read-model-db.js';
import type {
  AccountingInput,
  DisclosureRow,
  MemberFacts,
  Representative,
  ResearchProtocol,
  Suspension,
} from '../engine/engine-types.js';

/** ISO instants as the store writes them (toISOString), so that text comparison is time order. */
export const normalizeInstant = (instant: string) => new Date(instant).toISOString();

export async function readAccountingInput(
  db: ReadModelDb,
  memberId: string,
  knownAt: string,
): Promise<AccountingInput> {
  const known = normalizeInstant(knownAt);
  const [revisions, facts, suspensionRows, statementRows] = await Promise.all([
    db.all<{ disclosure_id: string; data: string }>(
      'SELECT disclosure_id, data FROM acc_disclosure_revisions WHERE member_id = $1 AND recorded_at <= $2 ORDER BY position',
      [memberId, known],
    ),
    db.all<{ type: string; data: string }>(
      'SELECT type, data FROM acc_member_facts WHERE member_id = $1 AND recorded_at <= $2 ORDER BY position',
      [memberId, known],
    ),
    db.all<{ suspension_id: string; data: string }>(
      'SELECT suspension_id, data FROM acc_suspensions WHERE recorded_at <= $1',
      [known],
    ),
    db.all<{ suspension_id: string; data: string }>(
      'SELECT suspension_id, data FROM acc_suspension_statements WHERE recorded_at <= $1 ORDER BY position',
      [known],
    ),
  ]);
  const latest = new Map<string, DisclosureRow>();
  for (const r of revisions) latest.set(r.disclosure_id, JSON.parse(r.data) as DisclosureRow);
  const disclosures = [...latest.values()];
  const protocolIds = [
    ...new Set(disclosures.map((d) => d.researchProtocolId).filter((id): id is string => id !== null)),
  ];
  return {
    memberId,
    disclosures,
    facts: foldFacts(facts),
    protocols: await readProtocols(db, protocolIds, known),
    suspensions: foldSuspensions(suspensionRows, statementRows),
  };
}

function foldFacts(rows: { type: string; data: string }[]): MemberFacts {
  const facts: MemberFacts = { diedOn: null, custodyPeriods: [], representatives: [] };
  for (const row of rows) {
    const data = JSON.parse(row.data);
    if (row.type === 'DeathRecorded') facts.diedOn = data.diedOn;
    if (row.type === 'CustodyPeriodRecorded') facts.custodyPeriods.push({ from: data.from, until: data.until });
    if (row.type === 'PersonalRepresentativeRecorded') {
      const { representativeId, personId, kind, from, until, declinedBasis } = data as Representative;
      facts.representatives.push({ representativeId, personId, kind, from, until, declinedBasis });
    }
  }
  return facts;
}

async function readProtocols(db: ReadModelDb, ids: string[], known: string): Promise<Map<string, ResearchProtocol>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ protocol_id: string; data: string }>(
    `SELECT protocol_id, data FROM acc_research_protocols WHERE recorded_at <= $1 AND protocol_id IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
    [known, ...ids],
  );
  return new Map(rows.map((r) => [r.protocol_id, JSON.parse(r.data) as ResearchProtocol]));
}

function foldSuspensions(
  rows: { suspension_id: string; data: string }[],
  statements: { suspension_id: string; data: string }[],
): Suspension[] {
  return rows.map((r) => {
    const s = JSON.parse(r.data);
    return {
      suspensionId: r.suspension_id,
      agency: s.agency,
      form: s.form,
      statedAt: s.statedAt,
      until: s.until ?? null,
      officialIdentity: s.officialIdentity ?? null,
      memberIds: s.memberIds ?? null,
      writtenStatements: statements
        .filter((w) => w.suspension_id === r.suspension_id)
        .map((w) => {
          const { receivedAt, until } = JSON.parse(w.data);
          return { receivedAt, until };
        }),
    };
  });
}
