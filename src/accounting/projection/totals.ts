/**
 * Totals of disclosures (GET /v1/audit/totals): a cube the accounting projection keeps in the same transaction as
 * the disclosures, one count per (month, channel, recipient, cfr, source system, permitted). A new disclosure adds
 * one to its cell; a correction moves it from its old cell to its new one; a void takes it out. Totals are then a
 * GROUP BY over the cube (thousands of cells), never over the disclosures (millions).
 */
import type { SqlTx, SqlValue } from '../../projections/read-model-db.js';
import { insertMany } from '../../projections/sql.js';

export const TOTALS_TABLE = 'aud_totals';
export const TOTALS_KEYS = ['month', 'channel', 'recipient', 'cfr', 'sourceSystem', 'permitted'] as const;
export type TotalsKey = (typeof TOTALS_KEYS)[number];

export const TOTALS_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${TOTALS_TABLE} (
     month TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, cfr TEXT NOT NULL, source_system TEXT NOT NULL,
     permitted INTEGER NOT NULL, count BIGINT NOT NULL,
     PRIMARY KEY (month, channel, recipient, cfr, source_system, permitted))`,
];

/** A disclosure's cell; '' stands for none (a cube key cannot be NULL). */
export interface Cell {
  month: string;
  channel: string;
  recipient: string;
  cfr: string;
  sourceSystem: string;
  permitted: number;
}

export const cellOf = (c: {
  firstDate: string;
  channel: string;
  recipient: string;
  cfr: string | null;
  sourceSystem: string | null;
  permitted: boolean | number;
}): Cell => ({
  month: c.firstDate.slice(0, 7),
  channel: c.channel,
  recipient: c.recipient,
  cfr: c.cfr ?? '',
  sourceSystem: c.sourceSystem ?? '',
  permitted: Number(c.permitted),
});

/**
 * Changes to the cube gathered over a page, upserted through insertMany: multi-row statements on PostgreSQL (a page of
 * disclosures to many recipients touches about one cell per disclosure, and one statement per cell was one round
 * trip each), one cached statement per cell on SQLite. Each cell appears once, as ON CONFLICT DO UPDATE requires of
 * one statement.
 */
export class TotalsDelta {
  private readonly cells = new Map<string, { cell: Cell; delta: number }>();

  add(cell: Cell, delta: number): void {
    const key = JSON.stringify(cell);
    const at = this.cells.get(key);
    if (at) at.delta += delta;
    else this.cells.set(key, { cell, delta });
  }

  async flush(tx: SqlTx): Promise<void> {
    const rows: SqlValue[][] = [];
    for (const { cell: c, delta } of this.cells.values())
      if (delta !== 0) rows.push([c.month, c.channel, c.recipient, c.cfr, c.sourceSystem, c.permitted, delta]);
    this.cells.clear();
    await insertMany(
      tx,
      TOTALS_TABLE,
      ['month', 'channel', 'recipient', 'cfr', 'source_system', 'permitted', 'count'],
      rows,
      `ON CONFLICT (month, channel, recipient, cfr, source_system, permitted)
       DO UPDATE SET count = ${TOTALS_TABLE}.count + excluded.count`,
    );
  }
}

const COLUMN: Record<TotalsKey, string> = {
  month: 'month',
  channel: 'channel',
  recipient: 'recipient',
  cfr: 'cfr',
  sourceSystem: 'source_system',
  permitted: 'permitted',
};

export interface TotalsFilters {
  channel?: string;
  /** the recipient's name starts with it (any case) */
  recipient?: string;
  /** a citation or a paragraph prefix */
  cfr?: string;
  permitted?: boolean;
  sourceSystem?: string;
  /** months, YYYY-MM, both included */
  from?: string;
  to?: string;
}

export interface TotalsRow {
  key: Record<string, string | boolean | null>;
  count: number;
}

export async function readTotals(
  db: { all<T>(sql: string, params?: SqlValue[]): Promise<T[]> },
  groupBy: TotalsKey[],
  f: TotalsFilters,
): Promise<{ total: number; groups: TotalsRow[] }> {
  const where: string[] = ['count <> 0'];
  const params: SqlValue[] = [];
  const add = (clause: (n: string) => string, value: SqlValue) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.channel) add((n) => `channel = ${n}`, f.channel);
  if (f.recipient) add((n) => `lower(recipient) LIKE ${n}`, `${f.recipient.toLowerCase().replace(/[%_]/g, '')}%`);
  if (f.cfr) add((n) => `(cfr = ${n} OR cfr LIKE ${n} || '(%')`, f.cfr);
  if (f.permitted !== undefined) add((n) => `permitted = ${n}`, f.permitted ? 1 : 0);
  if (f.sourceSystem) add((n) => `source_system = ${n}`, f.sourceSystem);
  if (f.from) add((n) => `month >= ${n}`, f.from);
  if (f.to) add((n) => `month <= ${n}`, f.to);
  const columns = groupBy.map((k) => COLUMN[k]);
  const select = columns.length ? `${columns.join(', ')}, ` : '';
  const rows = await db.all<Record<string, string | number>>(
    `SELECT ${select}sum(count) AS n FROM ${TOTALS_TABLE} WHERE ${where.join(' AND ')}
       ${columns.length ? `GROUP BY ${columns.join(', ')} ORDER BY n DESC, ${columns.join(', ')}` : ''}`,
    params,
  );
  return totalsOf(groupBy, rows, (k) => COLUMN[k]);
}

/** Grouped counts (column `n`, each key in `columnOf(key, index)`) as groups and their total. */
export function totalsOf(
  groupBy: TotalsKey[],
  rows: Record<string, string | number>[],
  columnOf: (key: TotalsKey, index: number) => string,
): { total: number; groups: TotalsRow[] } {
  const groups = rows
    .map((r) => ({
      key: Object.fromEntries(
        groupBy.map((k, i) => {
          const v = r[columnOf(k, i)];
          return [k, k === 'permitted' ? Number(v) === 1 : v === '' ? null : String(v)];
        }),
      ),
      count: Number(r.n ?? 0),
    }))
    .filter((g) => g.count !== 0);
  return { total: groups.reduce((a, g) => a + g.count, 0), groups };
}
