/**
 * The accounting read model. Every row keeps the `recorded_at` of the event that produced it, so an
 * accounting can be regenerated as the ledger knew it at any instant (knownAt).
 */
import { TOTALS_SCHEMA, TOTALS_TABLE } from './totals.js';

export const ACCOUNTING_TABLES = [
  TOTALS_TABLE,
  'acc_disclosures',
  'acc_disclosure_revisions',
  'acc_member_facts',
  'acc_research_protocols',
  'acc_suspensions',
  'acc_suspension_statements',
  'acc_request_events',
  'acc_breach_assessments',
];

/**
 * 2: acc_disclosures points at its latest revision instead of holding a copy of its JSON.
 * 3: `accountable` is rules/accountability.ts judged with the member's facts (a de-identified report or a member dead
 *    more than 50 years is not accountable; a death recorded later re-judges the member's disclosures).
 * 4: what auditors search by (issue 13): the recipient's name lower-cased for prefix search (indexed) and its id, who
 *    made it, the source system, who recorded it (token subject and client) and the flags at record time; the
 *    totals cube (totals.ts).
 * 5: a disclosure row says whether it holds 42 CFR Part 2 records and was made through an EHR (the §2.25 accounting).
 * 6: a disclosure's current version (its DisclosureRow JSON) is a column of its acc_disclosures row, and
 *    acc_disclosure_revisions holds versions only of disclosures that were corrected or voided (issue 17: a disclosure
 *    never revised, nearly all of them, is one row and one JSON, not two rows).
 */
export const ACCOUNTING_VERSION = 6;

export const ACCOUNTING_SCHEMA = [
  ...TOTALS_SCHEMA,
  // one row per disclosure with its current values (auditors' search) and its current DisclosureRow (`data`, the
  // version at `latest_position`: `position` until it is first corrected or voided)
  `CREATE TABLE IF NOT EXISTS acc_disclosures (
     disclosure_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL,
     first_date TEXT NOT NULL, channel TEXT NOT NULL, cfr TEXT, permitted INTEGER NOT NULL, accountable INTEGER NOT NULL,
     recipient_name TEXT NOT NULL, voided INTEGER NOT NULL, latest_position BIGINT NOT NULL,
     recipient_key TEXT NOT NULL, recipient_id TEXT, made_by TEXT, source_system TEXT, recorded_by TEXT NOT NULL,
     recorded_client TEXT, flags TEXT NOT NULL, data TEXT NOT NULL)`,
  // the projection re-judges a member's disclosures through this one (a death, a custody period)
  'CREATE INDEX IF NOT EXISTS acc_disclosures_member ON acc_disclosures (member_id)',
  // every version (the first one included) of each disclosure that was corrected or voided, for knownAt; a disclosure
  // with no row here has had one version only, its acc_disclosures row's
  `CREATE TABLE IF NOT EXISTS acc_disclosure_revisions (
     member_id TEXT NOT NULL, position BIGINT NOT NULL, disclosure_id TEXT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (member_id, position))`,
  // authorizations, revocations, consents, deaths, custody periods, representatives
  `CREATE TABLE IF NOT EXISTS acc_member_facts (
     member_id TEXT NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (member_id, position))`,
  `CREATE TABLE IF NOT EXISTS acc_research_protocols (protocol_id TEXT PRIMARY KEY, recorded_at TEXT NOT NULL, data TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS acc_suspensions (suspension_id TEXT PRIMARY KEY, recorded_at TEXT NOT NULL, data TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS acc_suspension_statements (
     suspension_id TEXT NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (suspension_id, position))`,
  `CREATE TABLE IF NOT EXISTS acc_request_events (
     request_id TEXT NOT NULL, position BIGINT NOT NULL, member_id TEXT NOT NULL, recorded_at TEXT NOT NULL, type TEXT NOT NULL,
     data TEXT NOT NULL, PRIMARY KEY (request_id, position))`,
  `CREATE TABLE IF NOT EXISTS acc_breach_assessments (
     disclosure_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL,
     status TEXT NOT NULL, reasons TEXT NOT NULL)`,
];

/** Indexes only the readers use (Projection.queryIndexes: a rebuild builds them after the load). */
export const ACCOUNTING_QUERY_INDEXES = [
  'CREATE INDEX IF NOT EXISTS acc_disclosures_recipient ON acc_disclosures (recipient_key)',
  'CREATE INDEX IF NOT EXISTS acc_disclosures_date ON acc_disclosures (first_date)',
  'CREATE INDEX IF NOT EXISTS acc_request_events_member ON acc_request_events (member_id)',
];
