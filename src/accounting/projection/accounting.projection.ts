/**
 * Builds the accounting read model from the global log (same runner as every projection: checkpointed,
 * exactly once). Runs of new disclosures and facts are inserted in bulk; corrections and voids update the
 * current row and add a revision.
 */
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { DisclosureCorrected, PhiDisclosed } from '../../ledger/member/member-events.js';
import type { Projection } from '../../projections/projection.js';
import type { SqlTx, SqlValue } from '../../projections/read-model-db.js';
import { insertMany } from '../../projections/sql.js';
import { planDate } from '../../shared/plan-dates.js';
import type { DisclosureRow } from '../engine/engine-types.js';
import {
  ACCOUNTING_SCHEMA,
  ACCOUNTING_TABLES,
  ACCOUNTING_VERSION,
  DISCLOSURES_WITH_DATA,
} from './accounting-schema.js';
import { correctedRow, disclosureRowOf } from './disclosure-row.js';

export const ACCOUNTING_PROJECTION = 'accounting';

const FACT_TYPES = new Set([
  'AuthorizationRecorded',
  'AuthorizationRevoked',
  'HieConsentRecorded',
  'DeathRecorded',
  'CustodyPeriodRecorded',
  'PersonalRepresentativeRecorded',
]);
const REQUEST_TYPES = new Set([
  'AccountingRequested',
  'ExtensionNoticeSent',
  'FeeNoticeSent',
  'RequestModified',
  'RequestWithdrawn',
  'AccountingProvided',
]);

const entityId = (stream: string, prefix: string) => stream.slice(prefix.length);

class Pending {
  disclosures: SqlValue[][] = [];
  revisions: SqlValue[][] = [];
  facts: SqlValue[][] = [];

  async flush(tx: SqlTx): Promise<void> {
    await insertMany(
      tx,
      'acc_disclosures',
      [
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
      ],
      this.disclosures,
    );
    await insertMany(
      tx,
      'acc_disclosure_revisions',
      ['member_id', 'position', 'disclosure_id', 'recorded_at', 'data'],
      this.revisions,
    );
    await insertMany(tx, 'acc_member_facts', ['member_id', 'position', 'recorded_at', 'type', 'data'], this.facts);
    this.disclosures = [];
    this.revisions = [];
    this.facts = [];
  }
}

export function createAccountingProjection(timeZone: string): Projection {
  const firstDate = (row: DisclosureRow) => row.occurredPeriod?.from ?? planDate(row.occurredAt!, timeZone);

  async function amend(
    tx: SqlTx,
    e: StoredEvent,
    change: (row: DisclosureRow) => DisclosureRow,
    accountable: (old: boolean) => boolean,
  ) {
    const disclosureId = (e.data as { disclosureId: string }).disclosureId;
    const rows = await tx.all<{ data: string; accountable: number | boolean }>(
      `SELECT r.data, d.accountable FROM ${DISCLOSURES_WITH_DATA} WHERE d.disclosure_id = $1`,
      [disclosureId],
    );
    if (rows.length === 0) return;
    const row = change(JSON.parse(rows[0].data) as DisclosureRow);
    await tx.run(
      `UPDATE acc_disclosures SET first_date = $1, channel = $2, cfr = $3, permitted = $4, accountable = $5,
      recipient_name = $6, voided = $7, latest_position = $8 WHERE disclosure_id = $9`,
      [
        firstDate(row),
        row.channel,
        row.cfr,
        Number(row.permitted),
        Number(accountable(Boolean(Number(rows[0].accountable)))),
        row.recipient.name,
        Number(row.voided),
        e.position,
        disclosureId,
      ],
    );
    await insertMany(
      tx,
      'acc_disclosure_revisions',
      ['member_id', 'position', 'disclosure_id', 'recorded_at', 'data'],
      [[row.memberId, e.position, disclosureId, e.recordedAt, JSON.stringify(row)]],
    );
  }

  return {
    name: ACCOUNTING_PROJECTION,
    version: ACCOUNTING_VERSION,
    schema: ACCOUNTING_SCHEMA,
    tables: ACCOUNTING_TABLES,
    async apply(tx, events) {
      const pending = new Pending();
      for (const e of events) {
        if (e.type === 'PhiDisclosed') {
          const d = e.data as PhiDisclosed;
          const row = disclosureRowOf(d, Number(e.position), e.recordedAt);
          const json = JSON.stringify(row);
          pending.disclosures.push([
            d.disclosureId,
            d.memberId,
            e.position,
            e.recordedAt,
            firstDate(row),
            d.channel,
            d.legalBasis.cfr,
            Number(d.permitted),
            Number(d.accountable),
            d.recipient.name,
            0,
            e.position,
          ]);
          pending.revisions.push([d.memberId, e.position, d.disclosureId, e.recordedAt, json]);
          continue;
        }
        if (FACT_TYPES.has(e.type)) {
          pending.facts.push([entityId(e.stream, 'member-'), e.position, e.recordedAt, e.type, JSON.stringify(e.data)]);
          continue;
        }
        await pending.flush(tx);
        await applyOther(tx, e, amend);
      }
      await pending.flush(tx);
    },
  };
}

type Amend = (
  tx: SqlTx,
  e: StoredEvent,
  change: (row: DisclosureRow) => DisclosureRow,
  accountable: (old: boolean) => boolean,
) => Promise<void>;

async function applyOther(tx: SqlTx, e: StoredEvent, amend: Amend): Promise<void> {
  const data = JSON.stringify(e.data);
  switch (e.type) {
    case 'DisclosureCorrected': {
      const c = e.data as DisclosureCorrected;
      return amend(
        tx,
        e,
        (row) => correctedRow(row, c),
        () => c.accountable,
      );
    }
    case 'DisclosureVoided':
      return amend(
        tx,
        e,
        (row) => ({ ...row, voided: true }),
        () => false,
      );
    case 'BreachAssessmentRequired': {
      const { disclosureId, reasons } = e.data as { disclosureId: string; reasons: string[] };
      await tx.run(
        `INSERT INTO acc_breach_assessments (disclosure_id, member_id, position, recorded_at, status, reasons)
        VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (disclosure_id) DO NOTHING`,
        [disclosureId, entityId(e.stream, 'member-'), e.position, e.recordedAt, JSON.stringify(reasons)],
      );
      return;
    }
    case 'ResearchProtocolRegistered':
      await tx.run(
        'INSERT INTO acc_research_protocols (protocol_id, recorded_at, data) VALUES ($1, $2, $3) ON CONFLICT (protocol_id) DO NOTHING',
        [entityId(e.stream, 'research-protocol-'), e.recordedAt, data],
      );
      return;
    case 'SuspensionRequested':
      await tx.run(
        'INSERT INTO acc_suspensions (suspension_id, recorded_at, data) VALUES ($1, $2, $3) ON CONFLICT (suspension_id) DO NOTHING',
        [entityId(e.stream, 'suspension-'), e.recordedAt, data],
      );
      return;
    case 'SuspensionConfirmedInWriting':
      await tx.run(
        'INSERT INTO acc_suspension_statements (suspension_id, position, recorded_at, data) VALUES ($1, $2, $3, $4)',
        [entityId(e.stream, 'suspension-'), e.position, e.recordedAt, data],
      );
      return;
    default:
      if (REQUEST_TYPES.has(e.type)) {
        const memberId = (e.data as { memberId?: string }).memberId ?? '';
        await tx.run(
          'INSERT INTO acc_request_events (request_id, position, member_id, recorded_at, type, data) VALUES ($1, $2, $3, $4, $5, $6)',
          [entityId(e.stream, 'accounting-request-'), e.position, memberId, e.recordedAt, e.type, data],
        );
      }
  }
}
