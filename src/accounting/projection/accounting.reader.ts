/**
 * Reads of the accounting read model (the `acc_*` tables this folder's projection writes). Every SQL statement
 * against those tables lives in this folder: the accounting input of one member as the ledger knew it at `knownAt`,
 * the facts the projection judges accountability with, and (disclosure-search.reader.ts, requests.reader.ts) the
 * auditors' and the privacy office's searches.
 */
import { allIn, placeholders } from '../../projections/sql.js';
import type { ReadModelDb, SqlTx } from '../../projections/read-model-db.js';
import type { AccountabilityFacts } from '../../rules/accountability.js';
import type { CustodySpan } from '../../rules/custody.js';
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

/** One member's accounting input as the ledger knew it at `knownAt`; each disclosure in its latest version known then. */
export async function readAccountingInput(
  db: ReadModelDb,
  memberId: string,
  knownAt: string,
): Promise<AccountingInput> {
  const known = normalizeInstant(knownAt);
  // One statement, so one round trip and one snapshot on PostgreSQL (five parallel queries were five connections, and
  // a projection commit could land between them); each part in its table's order, each row with its key in that part
  // (a disclosure id, a fact's type, a suspension id).
  const rows = await db.all<PartRow & { part: number }>(
    `SELECT 0 AS part, position, disclosure_id AS key, data FROM acc_disclosures WHERE member_id = $1 AND recorded_at <= $2
     UNION ALL SELECT 1, position, disclosure_id, data FROM acc_disclosure_revisions WHERE member_id = $1 AND recorded_at <= $2
     UNION ALL SELECT 2, position, type, data FROM acc_member_facts WHERE member_id = $1 AND recorded_at <= $2
     UNION ALL SELECT 3, 0, suspension_id, data FROM acc_suspensions WHERE recorded_at <= $2
     UNION ALL SELECT 4, position, suspension_id, data FROM acc_suspension_statements WHERE recorded_at <= $2
     ORDER BY part, position`,
    [memberId, known],
  );
  const parts: PartRow[][] = [[], [], [], [], []];
  for (const r of rows) parts[Number(r.part)].push(r);
  const [current, revisions, facts, suspensionRows, statementRows] = parts;
  // each disclosure recorded by then in its current version, unless it was revised: then its last version known then
  const latest = new Map<string, string>();
  for (const r of current) latest.set(r.key, r.data);
  for (const r of revisions) latest.set(r.key, r.data);
  const disclosures = [...latest.values()].map((data) => JSON.parse(data) as DisclosureRow);
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

/** A row of one part of readAccountingInput's statement: its key in that part, and its JSON. */
interface PartRow {
  key: string;
  data: string;
}

/** The member's facts, each row keyed by the fact's type. */
function foldFacts(rows: PartRow[]): MemberFacts {
  const facts: MemberFacts = { diedOn: null, custodyPeriods: [], representatives: [] };
  for (const { key: type, data: json } of rows) {
    const data = JSON.parse(json) as Record<string, unknown>;
    if (type === 'DeathRecorded') facts.diedOn = data.diedOn as string;
    if (type === 'CustodyPeriodRecorded') facts.custodyPeriods.push(custodySpan(data));
    if (type === 'PersonalRepresentativeRecorded') facts.representatives.push(representative(data));
  }
  return facts;
}

const custodySpan = (data: Record<string, unknown>): CustodySpan => ({
  from: data.from as string,
  until: data.until as string | null,
});

function representative(data: Record<string, unknown>): Representative {
  const { representativeId, personId, kind, from, until, declinedBasis } = data as unknown as Representative;
  return { representativeId, personId, kind, from, until, declinedBasis };
}

async function readProtocols(db: ReadModelDb, ids: string[], known: string): Promise<Map<string, ResearchProtocol>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ protocol_id: string; data: string }>(
    `SELECT protocol_id, data FROM acc_research_protocols WHERE recorded_at <= $1 AND protocol_id IN (${placeholders(ids.length, 1)})`,
    [known, ...ids],
  );
  return new Map(rows.map((r) => [r.protocol_id, JSON.parse(r.data) as ResearchProtocol]));
}

/** Suspensions and their written statements, each row keyed by its suspension's id. */
function foldSuspensions(rows: PartRow[], statements: PartRow[]): Suspension[] {
  return rows.map((r) => {
    const s = JSON.parse(r.data) as Partial<Suspension>;
    return {
      suspensionId: r.key,
      agency: s.agency!,
      form: s.form!,
      statedAt: s.statedAt!,
      until: s.until ?? null,
      officialIdentity: s.officialIdentity ?? null,
      memberIds: s.memberIds ?? null,
      writtenStatements: statements
        .filter((w) => w.key === r.key)
        .map((w) => {
          const { receivedAt, until } = JSON.parse(w.data) as { receivedAt: string; until: string };
          return { receivedAt, until };
        }),
    };
  });
}

/** The personal representatives recorded for a member (164.502(g)), declined ones included. */
export async function representativesOf(db: ReadModelDb, memberId: string): Promise<Representative[]> {
  const rows = await db.all<{ data: string }>(
    `SELECT data FROM acc_member_facts WHERE member_id = $1 AND type = 'PersonalRepresentativeRecorded' ORDER BY position`,
    [memberId],
  );
  return rows.map((r) => representative(JSON.parse(r.data) as Record<string, unknown>));
}

/** A member fact as the read model holds it (GET /v1/members/{memberId}/facts). */
export interface FactRow {
  type: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** Every fact recorded for a member, in the order recorded. */
export async function factsOf(db: ReadModelDb, memberId: string): Promise<FactRow[]> {
  const rows = await db.all<{ type: string; recorded_at: string; data: string }>(
    'SELECT type, recorded_at, data FROM acc_member_facts WHERE member_id = $1 ORDER BY position',
    [memberId],
  );
  return rows.map((r) => ({
    type: r.type,
    recordedAt: r.recorded_at,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}

/** The current version of every disclosure of a member, as the engine sees them. */
export async function currentDisclosures(tx: SqlTx, memberId: string): Promise<DisclosureRow[]> {
  const rows = await tx.all<{ data: string }>('SELECT data FROM acc_disclosures WHERE member_id = $1', [memberId]);
  return rows.map((r) => JSON.parse(r.data) as DisclosureRow);
}

/** A disclosure's row as a revision needs it: where it was first recorded, its latest version and that one's JSON. */
export interface StoredDisclosure {
  position: bigint;
  recordedAt: string;
  latestPosition: bigint;
  sourceSystem: string | null;
  /** the current version, as stored (a DisclosureRow's JSON) */
  data: string;
}

export async function storedDisclosure(tx: SqlTx, disclosureId: string): Promise<StoredDisclosure | null> {
  const [row] = await tx.all<{
    position: string | number;
    recorded_at: string;
    latest_position: string | number;
    source_system: string | null;
    data: string;
  }>(
    'SELECT position, recorded_at, latest_position, source_system, data FROM acc_disclosures WHERE disclosure_id = $1',
    [disclosureId],
  );
  return row
    ? {
        position: BigInt(row.position),
        recordedAt: row.recorded_at,
        latestPosition: BigInt(row.latest_position),
        sourceSystem: row.source_system,
        data: row.data,
      }
    : null;
}

/** The member facts accountability depends on (rules/accountability.ts). */
export const ACCOUNTABILITY_FACT_TYPES = ['DeathRecorded', 'CustodyPeriodRecorded'];

/** Accountability facts of the members a projection page judges: read once per page, then kept up to date. */
export class MemberFactsById {
  private constructor(
    private readonly byMember: Map<string, AccountabilityFacts & { custodyPeriods: CustodySpan[] }>,
  ) {}

  static async load(tx: SqlTx, memberIds: string[]): Promise<MemberFactsById> {
    const facts = new MemberFactsById(new Map());
    await facts.read(tx, memberIds);
    return facts;
  }

  get(memberId: string): AccountabilityFacts | undefined {
    return this.byMember.get(memberId);
  }

  /** A fact just stored: added to a member already read, or the member read (with it) from the read model. */
  async learn(tx: SqlTx, memberId: string, type: string, data: unknown): Promise<void> {
    const known = this.byMember.get(memberId);
    if (known) this.add(known, type, data as Record<string, unknown>);
    else await this.read(tx, [memberId]);
  }

  private async read(tx: SqlTx, memberIds: string[]): Promise<void> {
    for (const id of memberIds) this.byMember.set(id, { diedOn: null, custodyPeriods: [] });
    const rows = await allIn<{ member_id: string; type: string; data: string }>(
      tx,
      `SELECT member_id, type, data FROM acc_member_facts
        WHERE type IN ('DeathRecorded', 'CustodyPeriodRecorded') AND member_id IN (%s) ORDER BY position`,
      memberIds,
    );
    for (const r of rows)
      this.add(this.byMember.get(r.member_id)!, r.type, JSON.parse(r.data) as Record<string, unknown>);
  }

  private add(
    facts: { diedOn: string | null; custodyPeriods: CustodySpan[] },
    type: string,
    data: Record<string, unknown>,
  ) {
    if (type === 'DeathRecorded') facts.diedOn = data.diedOn as string;
    if (type === 'CustodyPeriodRecorded') facts.custodyPeriods.push(custodySpan(data));
  }
}

/** Positions of disclosures' first events (for integrity receipts), by disclosure id. */
export async function disclosurePositions(db: ReadModelDb, ids: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const rows = await allIn<{ disclosure_id: string; position: string | number }>(
    db,
    'SELECT disclosure_id, position FROM acc_disclosures WHERE disclosure_id IN (%s)',
    ids,
  );
  for (const r of rows) found.set(r.disclosure_id, Number(r.position));
  return found;
}
