/**
 * The 164.528 accounting engine: (input, query, asOf, policy) → entries + trace. Pure and deterministic:
 * the same rows, query, instant and policy always give the same accounting. Each disclosure is judged in
 * this order, the first rule that leaves it out naming the trace code:
 *   VOIDED → NOT_PHI → OUT_OF_WINDOW → OUT_OF_REQUESTED_PERIOD → EXCL_* ((a)(1)) → PR_SCOPE → SUSPENDED.
 * NOT_PHI and EXCL_* are `accountability` (rules/accountability.ts), the judgement the write side and the audit read
 * model make too. What remains becomes (b)(4) research listings, (b)(3) summaries, or (b)(2) entries.
 */
import { accountability } from '../../rules/accountability.js';
import { addDays, yearsBefore } from '../../rules/calendar.js';
import { disclosureDays, overlaps, type DisclosureDays } from '../../rules/disclosure-days.js';
import { cites, citesAny, RESEARCH_BASIS, SUMMARIZABLE_BASES } from '../../rules/legal-bases.js';
import { planDate } from '../../rules/plan-dates.js';
import type { AccountingPolicy } from '../../rules/policy.js';
import { outsideScope, representationScope, type RepresentationScope } from '../../rules/representation.js';
import { isSuspended } from '../../rules/suspensions.js';
import { PART2_YEARS, part2Listed } from '../../rules/part2.js';
import type {
  Accounting,
  AccountingEntry,
  AccountingInput,
  AccountingQuery,
  AccountingRegime,
  DisclosureEntry,
  DisclosureRow,
  TraceCode,
} from './engine-types.js';
import { researchListing } from './research.js';
import { summarize } from './summaries.js';

export interface AccountingPeriod {
  window: { from: string; to: string };
  period: { from: string; to: string };
}

/** 164.528(a)(1): "in the six years prior to the date on which the accounting is requested" */
const ACCOUNTING_YEARS = 6;

/**
 * (a)(1): the six years prior to the request date; (a)(3): a shorter period inside it. A request dated 29 February
 * reaches back to 28 February six years before (calendar.ts yearsBefore: the member gets the extra day).
 */
export function accountingPeriod(query: AccountingQuery, policy: AccountingPolicy): AccountingPeriod {
  const to = policy.includeRequestDate ? query.requestedOn : addDays(query.requestedOn, -1);
  // 42 CFR 2.25(a): "in the 3 years prior to the date of the request", counted as the six years are
  const years = query.regime === 'part2' ? PART2_YEARS : ACCOUNTING_YEARS;
  const window = { from: yearsBefore(query.requestedOn, years), to };
  const from = query.from && query.from > window.from ? query.from : window.from;
  const end = query.to && query.to < window.to ? query.to : window.to;
  return { window, period: { from, to: end } };
}

interface Judged {
  row: DisclosureRow;
  days: DisclosureDays;
}

interface Context {
  input: AccountingInput;
  range: AccountingPeriod;
  scope: RepresentationScope;
  asOf: string;
  policy: AccountingPolicy;
  regime: AccountingRegime;
}

/** What leaves a disclosure out of this regime's accounting by its nature: 164.528(a)(1), or what §2.25 lists. */
function excluded(row: DisclosureRow, days: DisclosureDays, ctx: Context): TraceCode | null {
  const notAccountable = accountability(row, ctx.input.facts, days, ctx.policy.complianceDate);
  if (ctx.regime === 'hipaa' || notAccountable === 'NOT_PHI') return notAccountable;
  return part2Listed(row) ? null : 'NOT_PART2_LISTED';
}

function leftOut({ row, days }: Judged, ctx: Context): TraceCode | null {
  if (row.voided) return 'VOIDED';
  const notAccountable = excluded(row, days, ctx);
  if (notAccountable === 'NOT_PHI') return notAccountable;
  if (!overlaps(days, ctx.range.window)) return 'OUT_OF_WINDOW';
  if (!overlaps(days, ctx.range.period)) return 'OUT_OF_REQUESTED_PERIOD';
  if (notAccountable) return notAccountable;
  if (outsideScope(row, ctx.scope)) return 'PR_SCOPE';
  if (isSuspended(row, ctx.input.suspensions, ctx.asOf, ctx.policy.timeZone)) return 'SUSPENDED';
  return null;
}

function entryOf({ row, days }: Judged): DisclosureEntry {
  return {
    type: 'disclosure',
    date: days.first,
    dateTo: days.last !== days.first ? days.last : null,
    recipient: { name: row.recipient.name, address: row.recipient.address ?? null }, // (b)(2)(ii): address if known
    description: row.phiDescription,
    purpose: row.purpose,
    writtenRequestRef: row.writtenRequestRef, // (b)(2)(iv): a copy of the written request in lieu of a statement
    madeBy: row.madeBy,
    disclosureIds: [row.disclosureId],
  };
}

const entryDate = (e: AccountingEntry) => (e.type === 'research' ? e.dateFrom : e.date);
const entryName = (e: AccountingEntry) => (e.type === 'research' ? e.name : e.recipient.name);

export function generateAccounting(
  input: AccountingInput,
  query: AccountingQuery,
  asOf: string,
  policy: AccountingPolicy,
): Accounting {
  const range = accountingPeriod(query, policy);
  const scope = representationScope(
    input.facts.representatives,
    query.requesterPersonId,
    planDate(asOf, policy.timeZone),
  );
  const trace: Accounting['trace'] = [];
  const included: Judged[] = [];
  for (const row of input.disclosures) {
    const judged = { row, days: disclosureDays(row, policy.timeZone) };
    const code = leftOut(judged, { input, range, scope, asOf, policy, regime: query.regime ?? 'hipaa' });
    if (code) trace.push({ disclosureId: row.disclosureId, code });
    else included.push(judged);
  }
  const entries: AccountingEntry[] = [];
  const research = new Map<string, DisclosureEntry[]>();
  const summarizable: { entry: DisclosureEntry; key: string }[] = [];
  for (const j of included) {
    const protocol = j.row.researchProtocolId ? input.protocols.get(j.row.researchProtocolId) : undefined;
    if (
      protocol &&
      j.row.permitted &&
      cites(j.row.cfr, RESEARCH_BASIS) &&
      protocol.cohortSize >= policy.researchListingMinimum
    ) {
      research.set(protocol.protocolId, [...(research.get(protocol.protocolId) ?? []), entryOf(j)]);
    } else if (query.summarize && j.row.permitted && citesAny(j.row.cfr, SUMMARIZABLE_BASES)) {
      const recipientKey = j.row.recipient.id ?? j.row.recipient.name.trim().toLowerCase();
      summarizable.push({
        entry: entryOf(j),
        key: JSON.stringify([recipientKey, j.row.purpose.trim().toLowerCase(), j.row.cfr]),
      });
    } else {
      entries.push(entryOf(j));
    }
  }
  for (const [protocolId, group] of research) entries.push(researchListing(input.protocols.get(protocolId)!, group));
  entries.push(...summarize(summarizable));
  // api.md: sorted by date, then recipient name (then first disclosure id, so the order is always the same)
  entries.sort(
    (a, b) =>
      entryDate(a).localeCompare(entryDate(b)) ||
      entryName(a).localeCompare(entryName(b)) ||
      a.disclosureIds[0].localeCompare(b.disclosureIds[0]),
  );
  const accounting = {
    memberId: input.memberId,
    requestedOn: query.requestedOn,
    asOf,
    period: range.period,
    entries,
    trace,
  };
  return query.regime === 'part2' ? { ...accounting, regime: 'part2' } : accounting;
}
