import type { DisclosureFilters } from '../accounting/projection/disclosure-search.reader.js';
import type { DisclosureFiltersDto, DisclosureSearchDto, TotalsDto } from './audit.query.dto.js';
import type { TotalsRequestFilters } from './totals.query.js';

const bool = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
const instant = (v: string | undefined) => (v === undefined ? undefined : new Date(v).toISOString());

/** The filters the search and the totals share, as the reader's (instants normalised to UTC, as stored). */
function sharedFilters(q: DisclosureFiltersDto) {
  return {
    memberId: q.memberId,
    recipient: q.recipient,
    channel: q.channel,
    cfr: q.cfr,
    permitted: bool(q.permitted),
    accountable: bool(q.accountable),
    flag: q.flag,
    madeBy: q.madeBy,
    sourceSystem: q.sourceSystem,
    recordedBy: q.recordedBy,
    incidentId: q.incidentId,
    recordedFrom: instant(q.recordedFrom),
    recordedTo: instant(q.recordedTo),
  };
}

/** The search's query parameters as the reader's filters. */
export function disclosureFilters(q: DisclosureSearchDto): DisclosureFilters {
  return {
    ...sharedFilters(q),
    from: q.from,
    to: q.to,
    knownAt: instant(q.knownAt),
    order: q.order,
    after: q.cursor === undefined ? undefined : Number(q.cursor),
    limit: Number(q.limit ?? 100),
  };
}

/** The totals' query parameters as filters (`from`/`to` months or days; the handler chooses cube or disclosures). */
export function totalsFilters(q: TotalsDto): TotalsRequestFilters {
  return { ...sharedFilters(q), from: q.from, to: q.to };
}

/** Without `format=`: CSV or NDJSON when Accept names one of them first, else JSON. */
export function exportFormatOf(accept: string | undefined): 'json' | 'csv' | 'ndjson' {
  const first = (accept ?? '').split(',')[0].split(';')[0].trim().toLowerCase();
  return first === 'text/csv' ? 'csv' : first === 'application/x-ndjson' ? 'ndjson' : 'json';
}
