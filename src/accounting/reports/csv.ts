/**
 * format=csv for privacy offices (RFC 4180 via csv-stringify: CRLF, quoted where needed, a header row): one row per
 * entry, typed by its first column, so summaries (164.528(b)(3)) and research listings ((b)(4)) keep their own
 * fields. Dates are ISO 8601 as in the JSON; a row parsed back equals its JSON entry (reports.spec.ts).
 */
import { stringify } from 'csv-stringify/sync';
import type { Accounting, AccountingEntry } from '../engine/engine-types.js';

export const CSV_COLUMNS = [
  'type',
  'date',
  'dateTo',
  'lastDate',
  'recipientName',
  'recipientAddress',
  'description',
  'purpose',
  'writtenRequestRef',
  'madeBy',
  'count',
  'frequency',
  'protocolId',
  'studyName',
  'selectionCriteria',
  'sponsor',
  'researcher',
  'statement',
  'disclosureIds',
] as const;

type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

const party = (p: { name: string; address: string; phone: string | null }) =>
  [p.name, p.address, p.phone].filter(Boolean).join('; ');

function csvRow(e: AccountingEntry): CsvRow {
  const ids = e.disclosureIds.join(' ');
  if (e.type === 'research') {
    return {
      type: e.type,
      date: e.dateFrom,
      dateTo: e.dateTo,
      lastDate: e.lastDate,
      recipientName: e.researcher.name,
      recipientAddress: e.researcher.address,
      description: e.description,
      purpose: e.phiTypes,
      protocolId: e.protocolId,
      studyName: e.name,
      selectionCriteria: e.selectionCriteria,
      sponsor: party(e.sponsor),
      researcher: party(e.researcher),
      statement: e.statement,
      disclosureIds: ids,
    };
  }
  const common = {
    type: e.type,
    date: e.date,
    recipientName: e.recipient.name,
    recipientAddress: e.recipient.address,
    description: e.description,
    purpose: e.purpose,
    writtenRequestRef: e.writtenRequestRef,
    madeBy: e.madeBy,
    disclosureIds: ids,
  };
  return e.type === 'summary'
    ? { ...common, lastDate: e.lastDate, count: e.count, frequency: e.frequency }
    : { ...common, dateTo: e.dateTo };
}

export function accountingCsv(a: Accounting): string {
  return stringify(a.entries.map(csvRow), {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
}
