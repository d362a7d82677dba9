/**
 * The audit search as a file: every page of the same query, streamed (csv: RFC 4180 with a header row; ndjson: one
 * disclosure per line). The stream pulls one page (1,000 rows, keyset) only when the client has taken the last one,
 * so memory stays flat whatever the size (Readable.from over an async generator: back-pressure by construction).
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DisclosureFilters, DisclosureHit } from '../accounting/projection/disclosure-search.reader.js';

export const EXPORT_PAGE = 1000;

export const DISCLOSURE_CSV_COLUMNS = [
  'disclosureId',
  'memberId',
  'position',
  'recordedAt',
  'recordedBy',
  'recordedByClient',
  'occurredAt',
  'occurredFrom',
  'occurredTo',
  'recipientName',
  'recipientAddress',
  'recipientId',
  'channel',
  'madeBy',
  'phiDescription',
  'purpose',
  'purposeOfUse',
  'cfr',
  'permitted',
  'accountable',
  'voided',
  'flags',
  'sourceSystem',
  'writtenRequestRef',
  'researchProtocolId',
] as const;

const csvRow = (d: DisclosureHit) => ({
  disclosureId: d.disclosureId,
  memberId: d.memberId,
  position: d.position,
  recordedAt: d.recordedAt,
  recordedBy: d.recordedBy.subject,
  recordedByClient: d.recordedBy.clientId,
  occurredAt: d.occurredAt,
  occurredFrom: d.occurredPeriod?.from,
  occurredTo: d.occurredPeriod?.to,
  recipientName: d.recipient.name,
  recipientAddress: d.recipient.address,
  recipientId: d.recipient.id,
  channel: d.channel,
  madeBy: d.madeBy,
  phiDescription: d.phiDescription,
  purpose: d.purpose,
  purposeOfUse: d.purposeOfUse,
  cfr: d.cfr,
  permitted: d.permitted,
  accountable: d.accountable,
  voided: d.voided,
  flags: d.flags.join(' '),
  sourceSystem: d.sourceSystem,
  writtenRequestRef: d.writtenRequestRef,
  researchProtocolId: d.researchProtocolId,
});

type Page = { disclosures: DisclosureHit[]; nextCursor: string | null };

/** Every page of `filters` as `format`; `seen` is told each page before it is sent (the access log, which may pace it). */
export function exportDisclosures(
  format: 'csv' | 'ndjson',
  filters: DisclosureFilters,
  page: (f: DisclosureFilters) => Promise<Page>,
  seen: (rows: DisclosureHit[]) => Promise<void>,
): Readable {
  async function* lines() {
    let first = true;
    for (let after: number | undefined = filters.after; ;) {
      const { disclosures, nextCursor } = await page({ ...filters, after, limit: EXPORT_PAGE });
      await seen(disclosures);
      if (format === 'ndjson') yield disclosures.map((d) => `${JSON.stringify(d)}\n`).join('');
      else {
        yield stringify(disclosures.map(csvRow), {
          header: first,
          columns: [...DISCLOSURE_CSV_COLUMNS],
          record_delimiter: 'windows',
          cast: { boolean: (b) => String(b) },
        });
      }
      first = false;
      if (nextCursor === null) return;
      after = Number(nextCursor);
    }
  }
  return Readable.from(lines(), { objectMode: false, highWaterMark: 1 });
}
