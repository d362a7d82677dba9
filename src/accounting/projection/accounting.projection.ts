/**
 * Builds the accounting read model from the global log (same runner as every projection: checkpointed,
 * exactly once). Runs of new disclosures and facts are inserted in bulk; corrections and voids update the
 * current row and add a revision. Each disclosure's `accountable` column is rules/accountability.ts judged with the
 * member's facts (death, custody) as the read model holds them, and judged again when such a fact arrives later.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { DisclosureCorrected, PhiDisclosed } from '../../events/member.events.js';
import { MEMBER_STREAM_PREFIX } from '../../events/member.events.js';
import { PROTOCOL_STREAM_PREFIX } from '../../events/research-protocol.events.js';
import { SUSPENSION_STREAM_PREFIX } from '../../events/suspension.events.js';
import { REQUEST_STREAM_PREFIX } from '../../events/accounting-request.events.js';
import type { Projection } from '../../projections/projection.js';
import type { SqlTx, SqlValue } from '../../projections/read-model-db.js';
import { insertMany } from '../../projections/sql.js';
import { accountability, type AccountabilityFacts } from '../../rules/accountability.js';
import { disclosureDays } from '../../rules/disclosure-days.js';
import type { PlanCalendar } from '../../rules/policy.js';
import type { DisclosureRow } from '../engine/engine-types.js';
import {
  ACCOUNTING_QUERY_INDEXES,
  ACCOUNTING_SCHEMA,
  ACCOUNTING_TABLES,
  ACCOUNTING_VERSION,
} from './accounting-schema.js';
import {
  ACCOUNTABILITY_FACT_TYPES,
  currentDisclosures,
  MemberFactsById,
  storedDisclosure,
} from './accounting.reader.js';
import { correctedRow, disclosureRowOf } from './disclosure-row.js';
import { cellOf, TotalsDelta } from './totals.js';

export const ACCOUNTING_PROJECTION = 'accounting';

const FACT_TYPES = new Set([
  'AuthorizationRecorded',
  'AuthorizationRevoked',
  'HieConsentRecorded',
  'DeathRecorded',
  'CustodyPeriodRecorded',
  'PersonalRepresentativeRecorded',
  'AddressStateRecorded',
]);
const REQUEST_TYPES = new Set([
  'AccountingRequested',
  'ExtensionNoticeSent',
  'FeeNoticeSent',
  'RequestModified',
  'RequestWithdrawn',
  'AccountingProvided',
]);

/** what `apply` does something with besides disclosures and facts (revise, applyOther) */
const OTHER_TYPES = new Set([
  'DisclosureCorrected',
  'DisclosureVoided',
  'BreachAssessmentRequired',
  'ResearchProtocolRegistered',
  'SuspensionRequested',
  'SuspensionConfirmedInWriting',
  ...REQUEST_TYPES,
]);

const entityId = (stream: string, prefix: string) => stream.slice(prefix.length);

const DISCLOSURE_COLUMNS = [
  'disclosure_id',
  'member_id',
  'position',
  'recorded_at',
  'first_date',
  'channel',
  'cfr',
  'permitted',
  'accountable',
  'recipient_name',
  'voided',
  'latest_position',
  'recipient_key',
  'recipient_id',
  'made_by',
  'source_system',
  'recorded_by',
  'recorded_client',
  'flags',
  'data',
];

/** Flags as one column, space-delimited on both sides so that `LIKE '% FLAG %'` finds one exactly. */
export const flagsColumn = (flags: readonly string[]) => ` ${flags.join(' ')} `;
const REVISION_COLUMNS = ['member_id', 'position', 'disclosure_id', 'recorded_at', 'data'];

class Pending {
  disclosures: SqlValue[][] = [];
  facts: SqlValue[][] = [];

  async flush(tx: SqlTx): Promise<void> {
    await insertMany(tx, 'acc_disclosures', DISCLOSURE_COLUMNS, this.disclosures);
    await insertMany(tx, 'acc_member_facts', ['member_id', 'position', 'recorded_at', 'type', 'data'], this.facts);
    this.disclosures = [];
    this.facts = [];
  }
}

export function createAccountingProjection(plan: PlanCalendar): Projection {
  /** 0/1: accountable (rules/accountability.ts) with what the read model knows of the member. */
  const accountable = (row: DisclosureRow, facts: AccountabilityFacts | undefined) =>
    row.voided ||
    accountability(row, facts ?? NO_FACTS, disclosureDays(row, plan.timeZone), plan.complianceDate) !== null
      ? 0
      : 1;
  const firstDate = (row: DisclosureRow) => disclosureDays(row, plan.timeZone).first;
  const cellOfRow = (row: DisclosureRow, sourceSystem: string | null) =>
    cellOf({
      firstDate: firstDate(row),
      channel: row.channel,
      recipient: row.recipient.name,
      cfr: row.cfr,
      sourceSystem,
      permitted: row.permitted,
    });

  /**
   * A new version of a disclosure: the current row updated, the version added to its revisions (on its first revision,
   * with the version it replaces: until then that one lived only in the acc_disclosures row).
   */
  async function revise(
    tx: SqlTx,
    e: StoredEvent,
    change: (row: DisclosureRow) => DisclosureRow,
    facts: MemberFactsById,
    totals: TotalsDelta,
  ) {
    const disclosureId = (e.data as { disclosureId: string }).disclosureId;
    const stored = await storedDisclosure(tx, disclosureId);
    if (!stored) return;
    const current = JSON.parse(stored.data) as DisclosureRow;
    const row = change(current);
    // the totals cube: out of its old cell, into its new one (a voided disclosure counts nowhere)
    if (!current.voided) totals.add(cellOfRow(current, stored.sourceSystem), -1);
    if (!row.voided) totals.add(cellOfRow(row, stored.sourceSystem), 1);
    const data = JSON.stringify(row);
    await tx.run(
      `UPDATE acc_disclosures SET first_date = $1, channel = $2, cfr = $3, permitted = $4, accountable = $5,
      recipient_name = $6, voided = $7, latest_position = $8, recipient_key = $10, recipient_id = $11, made_by = $12,
      data = $13 WHERE disclosure_id = $9`,
      [
        firstDate(row),
        row.channel,
        row.cfr,
        Number(row.permitted),
        accountable(row, facts.get(row.memberId)),
        row.recipient.name,
        Number(row.voided),
        e.position,
        disclosureId,
        row.recipient.name.toLowerCase(),
        row.recipient.id,
        row.madeBy,
        data,
      ],
    );
    const first = stored.latestPosition === stored.position;
    await insertMany(tx, 'acc_disclosure_revisions', REVISION_COLUMNS, [
      ...(first ? [[row.memberId, stored.position, disclosureId, stored.recordedAt, stored.data]] : []),
      [row.memberId, e.position, disclosureId, e.recordedAt, data],
    ]);
  }

  /** A fact that accountability depends on arrived: the member's disclosures are judged again. */
  async function rejudge(tx: SqlTx, memberId: string, facts: MemberFactsById) {
    for (const row of await currentDisclosures(tx, memberId)) {
      await tx.run('UPDATE acc_disclosures SET accountable = $1 WHERE disclosure_id = $2', [
        accountable(row, facts.get(memberId)),
        row.disclosureId,
      ]);
    }
  }

  return {
    name: ACCOUNTING_PROJECTION,
    version: ACCOUNTING_VERSION,
    schema: ACCOUNTING_SCHEMA,
    queryIndexes: ACCOUNTING_QUERY_INDEXES,
    tables: ACCOUNTING_TABLES,
    async apply(tx, events) {
      const facts = await MemberFactsById.load(tx, membersJudgedIn(events));
      const pending = new Pending();
      const totals = new TotalsDelta();
      for (const e of events) {
        if (e.type === 'PhiDisclosed') {
          const d = e.data as PhiDisclosed;
          const row = disclosureRowOf(d, Number(e.position), e.recordedAt);
          pending.disclosures.push([
            d.disclosureId,
            d.memberId,
            e.position,
            e.recordedAt,
            firstDate(row),
            d.channel,
            d.legalBasis.cfr,
            Number(d.permitted),
            accountable(row, facts.get(d.memberId)),
            d.recipient.name,
            0,
            e.position,
            d.recipient.name.toLowerCase(),
            d.recipient.id ?? null,
            d.madeBy,
            d.sourceSystem ?? null,
            e.recordedBy.subject,
            e.recordedBy.clientId ?? null,
            flagsColumn(d.flags),
            JSON.stringify(row),
          ]);
          totals.add(cellOfRow(row, d.sourceSystem ?? null), 1);
          continue;
        }
        if (FACT_TYPES.has(e.type)) {
          const memberId = entityId(e.stream, MEMBER_STREAM_PREFIX);
          pending.facts.push([memberId, e.position, e.recordedAt, e.type, JSON.stringify(e.data)]);
          if (!ACCOUNTABILITY_FACT_TYPES.includes(e.type)) continue;
          await pending.flush(tx);
          await facts.learn(tx, memberId, e.type, e.data);
          await rejudge(tx, memberId, facts);
          continue;
        }
        if (!OTHER_TYPES.has(e.type)) continue; // uses, reads, incidents, …: not in this read model
        await pending.flush(tx);
        if (e.type === 'DisclosureCorrected')
          await revise(tx, e, (row) => correctedRow(row, e.data as DisclosureCorrected), facts, totals);
        else if (e.type === 'DisclosureVoided') await revise(tx, e, (row) => ({ ...row, voided: true }), facts, totals);
        else await applyOther(tx, e);
      }
      await pending.flush(tx);
      await totals.flush(tx);
    },
  };
}

const NO_FACTS: AccountabilityFacts = { diedOn: null, custodyPeriods: [] };

/** Members whose disclosures a page records or corrects: their facts are read once for the page. */
function membersJudgedIn(events: StoredEvent[]): string[] {
  const members = new Set<string>();
  for (const e of events) {
    if (e.type === 'PhiDisclosed' || e.type === 'DisclosureCorrected' || e.type === 'DisclosureVoided') {
      members.add(entityId(e.stream, MEMBER_STREAM_PREFIX));
    }
  }
  return [...members];
}

async function applyOther(tx: SqlTx, e: StoredEvent): Promise<void> {
  const data = () => JSON.stringify(e.data);
  switch (e.type) {
    case 'BreachAssessmentRequired': {
      const { disclosureId, reasons } = e.data as { disclosureId: string; reasons: string[] };
      await tx.run(
        `INSERT INTO acc_breach_assessments (disclosure_id, member_id, position, recorded_at, status, reasons)
        VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (disclosure_id) DO NOTHING`,
        [disclosureId, entityId(e.stream, MEMBER_STREAM_PREFIX), e.position, e.recordedAt, JSON.stringify(reasons)],
      );
      return;
    }
    case 'ResearchProtocolRegistered':
      await tx.run(
        'INSERT INTO acc_research_protocols (protocol_id, recorded_at, data) VALUES ($1, $2, $3) ON CONFLICT (protocol_id) DO NOTHING',
        [entityId(e.stream, PROTOCOL_STREAM_PREFIX), e.recordedAt, data()],
      );
      return;
    case 'SuspensionRequested':
      await tx.run(
        'INSERT INTO acc_suspensions (suspension_id, recorded_at, data) VALUES ($1, $2, $3) ON CONFLICT (suspension_id) DO NOTHING',
        [entityId(e.stream, SUSPENSION_STREAM_PREFIX), e.recordedAt, data()],
      );
      return;
    case 'SuspensionConfirmedInWriting':
      await tx.run(
        'INSERT INTO acc_suspension_statements (suspension_id, position, recorded_at, data) VALUES ($1, $2, $3, $4)',
        [entityId(e.stream, SUSPENSION_STREAM_PREFIX), e.position, e.recordedAt, data()],
      );
      return;
    default:
      if (REQUEST_TYPES.has(e.type)) {
        const memberId = (e.data as { memberId?: string }).memberId ?? '';
        await tx.run(
          'INSERT INTO acc_request_events (request_id, position, member_id, recorded_at, type, data) VALUES ($1, $2, $3, $4, $5, $6)',
          [entityId(e.stream, REQUEST_STREAM_PREFIX), e.position, memberId, e.recordedAt, e.type, data()],
        );
      }
  }
}
