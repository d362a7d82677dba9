/**
 * The accounting engine's input and output: read-model rows reduced to what 164.528 needs. The engine is
 * a pure function of these (architecture.md §8), so every clause is table-testable.
 */
import type { Period } from '../../events/event.js';
import type { ResearchParty, ResearchProtocolRegistered } from '../../events/research-protocol.events.js';
import type { NotAccountable } from '../../rules/accountability.js';
import type { CustodySpan } from '../../rules/custody.js';
import type { Representative } from '../../rules/representation.js';
import type { Suspension } from '../../rules/suspensions.js';

export type { ResearchParty } from '../../events/research-protocol.events.js';
export type { Representative } from '../../rules/representation.js';
export type { Suspension } from '../../rules/suspensions.js';

export interface DisclosureRow {
  disclosureId: string;
  memberId: string;
  position: number;
  recordedAt: string;
  occurredAt: string | null;
  occurredPeriod: Period | null;
  recipient: { name: string; address: string | null; id: string | null };
  channel: string;
  madeBy: string | null;
  phiDescription: string;
  purpose: string;
  purposeOfUse: string | null;
  cfr: string | null;
  permitted: boolean;
  writtenRequestRef: string | null;
  researchProtocolId: string | null;
  minorConsented: boolean;
  /** 42 CFR Part 2 records (sensitivity.part2), and made through an EHR (sensitivity.viaEhr): the §2.25 accounting */
  part2: boolean;
  viaEhr: boolean;
  voided: boolean;
}

export interface MemberFacts {
  diedOn: string | null;
  custodyPeriods: CustodySpan[];
  representatives: Representative[];
}

/** A research protocol as registered (164.528(b)(4)), without the command hash. */
export type ResearchProtocol = Omit<ResearchProtocolRegistered, 'commandHash'>;

export interface AccountingInput {
  memberId: string;
  disclosures: DisclosureRow[];
  facts: MemberFacts;
  protocols: Map<string, ResearchProtocol>;
  suspensions: Suspension[];
}

export interface AccountingQuery {
  /** the date the accounting was requested (plan date) */
  requestedOn: string;
  /** 164.528(a)(3): a shorter period */
  from?: string;
  to?: string;
  summarize: boolean;
  /** personId of a personal representative asking (164.502(g)); absent when the member asks */
  requesterPersonId?: string | null;
  /**
   * `hipaa` (default): 164.528. `part2`: the 42 CFR 2.25 accounting of Part 2 records: three years, what §2.25 lists
   * (rules/part2.ts) in place of the (a)(1) exclusions, and otherwise 164.528(a)(2) and (b) as the rule requires.
   */
  regime?: AccountingRegime;
}

export type AccountingRegime = 'hipaa' | 'part2';

/** Why a disclosure is left out of an accounting (api.md "Queries"): not accountable, or not for this request. */
export type TraceCode =
  | NotAccountable
  | 'OUT_OF_WINDOW'
  | 'OUT_OF_REQUESTED_PERIOD'
  | 'SUSPENDED'
  | 'PR_SCOPE'
  | 'VOIDED'
  /** the Part 2 accounting (regime=part2): not Part 2 records, or not a disclosure §2.25 lists */
  | 'NOT_PART2_LISTED';

export interface Recipient {
  name: string;
  address: string | null;
}

export interface DisclosureEntry {
  type: 'disclosure';
  date: string;
  dateTo: string | null;
  recipient: Recipient;
  description: string;
  purpose: string;
  writtenRequestRef: string | null;
  madeBy: string | null;
  disclosureIds: string[];
}

export interface SummaryEntry {
  type: 'summary';
  date: string;
  recipient: Recipient;
  description: string;
  purpose: string;
  writtenRequestRef: string | null;
  madeBy: string | null;
  count: number;
  frequency: string | null;
  lastDate: string;
  disclosureIds: string[];
}

export interface ResearchEntry {
  type: 'research';
  protocolId: string;
  name: string;
  description: string;
  selectionCriteria: string;
  phiTypes: string;
  dateFrom: string;
  dateTo: string;
  lastDate: string;
  sponsor: ResearchParty;
  researcher: ResearchParty;
  statement: string;
  disclosureIds: string[];
}

export type AccountingEntry = DisclosureEntry | SummaryEntry | ResearchEntry;

export interface Accounting {
  memberId: string;
  requestedOn: string;
  asOf: string;
  period: { from: string; to: string };
  entries: AccountingEntry[];
  trace: { disclosureId: string; code: TraceCode }[];
  /** present for the Part 2 accounting only (42 CFR 2.25) */
  regime?: 'part2';
}
