#!/usr/bin/env node
/**
 * Accounting benchmark: a health plan's disclosure history at scale, recorded through the batch API of the built
 * service (`npm start`'s command), then the accounting read model's catch-up and rebuild, then
 * GET /v1/members/{id}/accounting for random members under load. Per engine (SQLite, the embedded default; and
 * PostgreSQL with LEDGER_STORE=postgres in a fresh LEDGER_PG_SCHEMA, dropped afterwards):
 *
 *   1. ingest    BENCH_ACCOUNTING_MEMBERS members, BENCH_ACCOUNTING_DISCLOSURES disclosures, deterministic (seeded):
 *                authorizations for 1% of members (POST /v1/members/{id}/authorizations, so that the 164.508
 *                disclosures made under them are permitted), then every disclosure through
 *                POST /v1/disclosure-batches in 1,000-item batches at BENCH_ACCOUNTING_INGEST_CONNECTIONS
 *                (child process; progress bar with ETA; a failed batch is retried with the same ids, which the
 *                API answers idempotently). Mix: mostly TPO (164.506: business associates, HIE, OHCA), 164.512(b)
 *                single public-health reports and monthly series (which the accounting summarises), (d) oversight,
 *                (e) legal, (f) law enforcement, (l) workers' compensation, (i) research by period, 164.510(b),
 *                164.502(a)(1)(i) to the member, 164.508 under a recorded authorization, impermissible
 *                tracking-technology disclosures (cfr null → BreachAssessmentRequired); dates over 8 years.
 *   2. catch-up  from the end of ingestion until GET /health/ready shows lag 0 for every projection (the
 *                projections run inside the server during ingestion; what is left at the end is drained here).
 *   3. rebuild   server stopped; `node dist/cli/main.js projections rebuild accounting` on the same data
 *                (its progress lines drive the bar); events/s = log head / wall time.
 *   4. queries   server restarted on the rebuilt read model; an auditor token; random members (uniform over all
 *                member ids); a 1-connection probe (service time without queueing), then autocannon at
 *                BENCH_ACCOUNTING_CONCURRENCY (default 16) for BENCH_ACCOUNTING_SECONDS after a warm-up; every
 *                response must be 200; a sample of bodies is parsed (entries per accounting).
 * Server RSS: process_resident_memory_bytes from /metrics, sampled every second (every 0.5 s during queries);
 * peak per phase. The rebuild CLI's RSS comes from /proc (VmHWM).
 *
 * Environment:
 *   BENCH_ACCOUNTING_MEMBERS            members (default 1000000)
 *   BENCH_ACCOUNTING_DISCLOSURES        disclosures (default 10000000; ~3,000/s through batches: ~1 h per engine)
 *   BENCH_ACCOUNTING_SQLITE_MEMBERS, …_SQLITE_DISCLOSURES, …_POSTGRES_MEMBERS, …_POSTGRES_DISCLOSURES
 *                                       per-engine sizes (default the two above); the table states each engine's scale
 *   BENCH_ACCOUNTING_SECONDS            measured query seconds (default 20)
 *   BENCH_ACCOUNTING_WARMUP_SECONDS     unmeasured query load before (default min(3, SECONDS))
 *   BENCH_ACCOUNTING_CONCURRENCY        query connections (default 16)
 *   BENCH_ACCOUNTING_ENGINES            comma list: sqlite,postgres (default both)
 *   BENCH_ACCOUNTING_INGEST_CONNECTIONS concurrent batch requests during ingestion (default 4)
 *   BENCH_ACCOUNTING_BATCH_SIZE         items per batch (default 1000, the API's maximum)
 *   BENCH_ACCOUNTING_SEED               workload seed (default 1)
 *   BENCH_ACCOUNTING_REUSE=1            SQLite: keep the generated data dir (bench/data/accounting-sqlite-…) and reuse
 *                                       it when it holds a completed ingestion of the same size and seed (ingestion
 *                                       and catch-up are then skipped; rebuild and queries run)
 *   BENCH_ACCOUNTING_KEEP=1             keep data dirs / PostgreSQL schemas afterwards
 *   BENCH_ACCOUNTING_INGEST             batches (default) | import: through POST /v1/disclosure-imports (NDJSON)
 *   BENCH_ACCOUNTING_CEILING=1          SQLite: measure the raw ceiling of the same rows in the same run
 *   BENCH_ACCOUNTING_REBUILD            accounting (default) | all: which read models the rebuild step rebuilds
 *   BENCH_ACCOUNTING_BREAKDOWN=1        with REBUILD=all: then rebuild each read model alone and report what each costs
 *                                       (seconds, bytes written, disk per disclosure, its rows' share of the ceiling)
 *   BENCH_ACCOUNTING_MEMORY_MB          the service's LEDGER_MEMORY_MB
 *   BENCH_ACCOUNTING_NAME               accounting (default) | scale: the results file and docs section
 *                                       (`npm run bench:scale` sets NAME, INGEST, CEILING, REBUILD, BREAKDOWN,
 *                                       MEMORY_MB and ENGINES: bench/scale.bench.js)
 *   BENCH_NO_DOCS=1                     do not rewrite docs/benchmarks.md
 *   DATABASE_URL                        PostgreSQL server (default postgres://postgres@127.0.0.1:5432/phi_ledger_bench,
 *                                       created if missing)
 * Smoke run: BENCH_ACCOUNTING_MEMBERS=20000 BENCH_ACCOUNTING_DISCLOSURES=200000 BENCH_ACCOUNTING_POSTGRES_MEMBERS=5000
 * BENCH_ACCOUNTING_POSTGRES_DISCLOSURES=50000 BENCH_ACCOUNTING_SECONDS=5 npm run bench:accounting (a few minutes).
 * `node bench/accounting.bench.js --render [bench/results/accounting-latest.json]` rewrites the docs table only.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DATABASE_URL,
  escapeCell,
  fmtInt,
  fmtS,
  freePort,
  openBenchDatabase,
  runToExit,
  startCommand,
  writeDocsSection,
} from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DATA_DIR = join(HERE, 'data'); // ignored by git (`data/`)
const RESULTS_DIR = join(HERE, 'results');
const INTRO =
  "A health plan's disclosure history recorded through `POST /v1/disclosure-batches` of the built service; then the accounting projection's catch-up and a from-scratch rebuild, and `GET /v1/members/{id}/accounting` (auditor, JSON) for random members at 16 connections with the server's RSS, on SQLite and PostgreSQL. Regenerate with `npm run bench:accounting` (see the header of `bench/accounting.bench.js`).";
/** `npm run bench:scale` runs this bench as issue 17's scale run (bulk import, ceiling, rebuild of every read model). */
const NAME = process.env.BENCH_ACCOUNTING_NAME ?? 'accounting';
const SCALE_INTRO =
  "Issue 17: disclosures recorded through the bulk import (`POST /v1/disclosure-imports`, NDJSON) beside the raw ceiling of the same events and read-model rows written by plain SQL in large transactions in the same run; every read model rebuilt from the log, together and then each alone (what each costs: seconds, bytes written, disk per disclosure, and the plain-SQL seconds of its rows); `GET /v1/members/{id}/accounting` at C=1 and C=16 from a separate process; the service's RSS throughout with `LEDGER_MEMORY_MB`; disk per million disclosures. Regenerate with `npm run bench:scale` (sizes as for `bench:accounting`, see the header of `bench/accounting.bench.js`).";
const ENGINE_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const FULL = { members: 1_000_000, disclosures: 10_000_000 };

const TARGETS = { p50Ms: 2, p99Ms: 10, catchupEventsPerSecond: 50_000, rssMb: 512 };

const envNum = (name, fallback, { integer = true } = {}) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${raw}`);
  return n;
};

// ---------------------------------------------------------------------------------------------------------------
// Workload: deterministic (seeded) disclosures, api.md "Commands"
// ---------------------------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const memberId = (m) => `M-${String(m).padStart(7, '0')}`;
/** 1% of members have a recorded authorization for a life insurer (the only ones given 164.508 disclosures). */
const AUTH_EVERY = 100;
const AUTH_OFFSET = 7;
const AUTH_RECIPIENT = { name: 'Acme Life Insurance Co.', address: '400 Market St, Philadelphia, PA', id: 'INS-ACME' };
const authorizedCount = (members) => Math.max(0, Math.floor((members - 1 - AUTH_OFFSET) / AUTH_EVERY) + 1);

/** Single disclosures by kind, weights per 1,000 episodes (TPO 62.5%; a monthly public-health series is drawn apart). */
const KINDS = [
  {
    key: 'tpo-payment-ba',
    w: 375,
    channel: 'business-associate',
    purposeOfUse: 'HPAYMT',
    cfr: '164.506(c)(1)',
    madeBy: 'Acme Claims Processing LLC',
    recipients: [
      { name: 'Acme Claims Processing LLC', address: '9 Industrial Pkwy, Newark, NJ', id: 'BA-ACME' },
      { name: 'Pharmacy Benefit Services Inc.', address: '1 PBM Way, Scottsdale, AZ', id: 'BA-PBM' },
    ],
    phi: ['Claim lines with diagnosis and procedure codes', 'Pharmacy claims'],
    purpose: ['Claims adjudication on behalf of the plan'],
    source: 'claims',
  },
  {
    key: 'tpo-treatment-hie',
    w: 150,
    channel: 'hie',
    purposeOfUse: 'TREAT',
    cfr: '164.506(c)(2)',
    recipients: [
      { name: 'Regional Health Information Exchange', address: '55 Water St, New York, NY', id: 'HIE-RHIO-1' },
    ],
    phi: ['Claims history and medication list', 'Continuity of care document'],
    purpose: ['Treatment by a provider through the health information exchange'],
    source: 'hie-gateway',
  },
  {
    key: 'tpo-operations-ohca',
    w: 100,
    channel: 'ohca',
    purposeOfUse: 'HOPERAT',
    cfr: '164.506(c)(5)',
    recipients: [{ name: 'Metro Care Network OHCA', address: '10 Hospital Dr, Albany, NY', id: 'OHCA-METRO' }],
    phi: ['Care management assessment'],
    purpose: ['Joint care management by the organized health care arrangement'],
    source: 'care-management',
  },
  {
    key: '512b-public-health',
    w: 90,
    channel: 'government',
    purposeOfUse: 'PUBHLTH',
    cfr: '164.512(b)(1)(i)',
    recipients: [
      { name: 'State Dept. of Health', address: '1 Capitol Way, Albany, NY 12210', id: 'PHA-NY' },
      { name: 'County Department of Public Health', address: '200 Main St, Springfield', id: 'PHA-CTY-12' },
    ],
    phi: ['Diagnosis and laboratory results for a notifiable condition', 'Immunization history'],
    purpose: ['Mandatory reporting of a notifiable condition', 'Outbreak investigation'],
    source: 'public-health-gateway',
  },
  {
    key: '512d-oversight',
    w: 50,
    channel: 'government',
    purposeOfUse: 'HOPERAT',
    cfr: '164.512(d)(1)',
    recipients: [
      { name: 'Office of the Medicaid Inspector General', address: '800 North Pearl St, Albany, NY', id: 'OMIG' },
    ],
    phi: ['Encounter data'],
    purpose: ['Health oversight audit'],
    source: 'compliance',
  },
  {
    key: '512e-legal',
    w: 50,
    channel: 'legal',
    purposeOfUse: 'HLEGAL',
    cfr: '164.512(e)(1)(ii)',
    writtenRequest: true,
    recipients: [
      { name: 'Law Offices of Smith & Jones', address: '12 Court St, Brooklyn, NY', id: 'LAW-SJ' },
      { name: 'Superior Court of Kings County', address: '360 Adams St, Brooklyn, NY', id: 'COURT-KINGS' },
    ],
    phi: ['Claims and payment history', 'Pharmacy claims'],
    purpose: ['Response to a subpoena with satisfactory assurances'],
    source: 'legal-intake',
  },
  {
    key: '512f-law-enforcement',
    w: 30,
    channel: 'government',
    purposeOfUse: 'HLEGAL',
    cfr: '164.512(f)(1)(ii)(A)',
    writtenRequest: true,
    recipients: [{ name: 'City Police Department', address: '1 Police Plaza', id: 'LE-NYPD' }],
    phi: ['Dates of service and provider names'],
    purpose: ['Court-ordered disclosure to law enforcement'],
    source: 'legal-intake',
  },
  {
    key: '512l-workers-comp',
    w: 20,
    channel: 'employer',
    purposeOfUse: 'HLEGAL',
    cfr: '164.512(l)',
    recipients: [{ name: "State Workers' Compensation Board", address: '328 State St, Schenectady, NY', id: 'WCB-NY' }],
    phi: ['Claims related to a workplace injury'],
    purpose: ["Workers' compensation claim"],
    source: 'claims',
  },
  {
    key: '510b-family',
    w: 50,
    channel: 'family',
    purposeOfUse: 'FAMRQT',
    cfr: '164.510(b)(1)(i)',
    recipients: [{ name: 'Spouse of the member' }],
    phi: ['Status of a pending claim'],
    purpose: ['Member agreed to share claim status with a family member'],
    source: 'member-services',
  },
  {
    key: '502-individual',
    w: 50,
    channel: 'individual',
    purposeOfUse: 'PATRQT',
    cfr: '164.502(a)(1)(i)',
    recipients: [{ name: 'The member' }],
    phi: ['Explanation of benefits'],
    purpose: ['Member request'],
    source: 'member-services',
  },
  {
    key: '512i-research-period',
    w: 15,
    channel: 'research',
    purposeOfUse: 'HRESCH',
    cfr: '164.512(i)(1)(i)',
    period: true,
    recipients: [{ name: 'State University School of Public Health', address: '1 University Plaza', id: 'RES-SU' }],
    phi: ['Diagnoses and laboratory results'],
    purpose: ['Research approved with an IRB waiver of authorization'],
    source: 'research-office',
  },
  {
    key: '508-authorized',
    w: 10,
    channel: 'other',
    purposeOfUse: 'COVERAGE',
    cfr: '164.508(a)(1)',
    authorized: true,
    recipients: [AUTH_RECIPIENT],
    phi: ['Claims history 2015-2024'],
    purpose: ['Life insurance underwriting, as the member authorized'],
    source: 'member-services',
  },
  {
    key: 'tracking-impermissible',
    w: 10,
    channel: 'tracking-technology',
    purposeOfUse: null,
    cfr: null,
    permitted: false,
    recipients: [{ name: 'Ad Network Inc.', id: 'ADS-1' }],
    phi: ['Member portal page views with IP address'],
    purpose: ['Analytics pixel on the member portal'],
    source: 'web-portal',
  },
];
const KIND_TABLE = KINDS.flatMap((k) => Array(k.w).fill(k));
/** Monthly public-health reports to one registry for one member (164.512(b)): summarised by the accounting. */
const SERIES = [
  {
    recipient: { name: 'State Cancer Registry', address: '875 Central Ave, Albany, NY', id: 'PHA-CANCER' },
    phi: 'Cancer registry abstract update',
    purpose: 'Monthly cancer registry reporting required by state law',
  },
  {
    recipient: {
      name: 'State Immunization Information System',
      address: '1 Capitol Way, Albany, NY',
      id: 'PHA-NYSIIS',
    },
    phi: 'Immunization history',
    purpose: 'Monthly immunization registry reporting',
  },
];
/** Chance that an episode is a series of 6-36 monthly reports (mean 21): ~10% of all disclosures. */
const SERIES_P = 0.1 / 19;
const DAY = 86_400_000;

function dateRange() {
  const today = new Date();
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - DAY; // yesterday
  const start = Date.UTC(today.getUTCFullYear() - 8, today.getUTCMonth(), today.getUTCDate());
  return { start, end };
}
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoSecond = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Yields exactly `total` disclosure bodies (ids D-<index base 36>), with each one's kind. */
function* disclosures({ members, total, seed, range }) {
  const rnd = mulberry32(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const span = range.end - range.start;
  const authorized = authorizedCount(members);
  let i = 0;
  const base = (memberIndex) => ({ disclosureId: `D-${(i++).toString(36)}`, memberId: memberId(memberIndex) });
  while (i < total) {
    if (rnd() < SERIES_P) {
      const s = pick(SERIES);
      const m = Math.floor(rnd() * members);
      const length = 6 + Math.floor(rnd() * 31);
      const first = new Date(range.start + Math.floor(rnd() * Math.max(1, span - length * 31 * DAY)));
      const day = 1 + Math.floor(rnd() * 28);
      for (let k = 0; k < length && i < total; k++) {
        const at = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, day, 14, 0, 0);
        if (at > range.end) break;
        yield {
          kind: '512b-monthly-series',
          body: {
            ...base(m),
            occurredAt: isoSecond(at),
            recipient: s.recipient,
            channel: 'government',
            phiDescription: s.phi,
            purpose: s.purpose,
            purposeOfUse: 'PUBHLTH',
            legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true, authorizationId: null, rationale: null },
            writtenRequestRef: null,
            researchProtocolId: null,
            sensitivity: { part2: false, minorConsented: false },
            sourceSystem: 'registry-feed',
          },
        };
      }
      continue;
    }
    let k = pick(KIND_TABLE);
    if (k.authorized && authorized === 0) k = KINDS[0];
    const m = k.authorized ? AUTH_OFFSET + AUTH_EVERY * Math.floor(rnd() * authorized) : Math.floor(rnd() * members);
    const at = range.start + Math.floor(rnd() * span);
    const body = base(m);
    if (k.period) body.occurredPeriod = { from: isoDay(at), to: isoDay(Math.min(range.end, at + 60 * DAY)) };
    else body.occurredAt = isoSecond(at);
    body.recipient = pick(k.recipients);
    body.channel = k.channel;
    if (k.madeBy) body.madeBy = k.madeBy;
    body.phiDescription = pick(k.phi);
    body.purpose = pick(k.purpose);
    body.purposeOfUse = k.purposeOfUse;
    body.legalBasis = {
      cfr: k.cfr,
      permitted: k.permitted ?? true,
      authorizationId: k.authorized ? `AUTH-${memberId(m)}` : null,
      rationale: null,
    };
    body.writtenRequestRef = k.writtenRequest ? `REQ-${Math.floor(rnd() * 1e7)}` : null;
    body.researchProtocolId = null;
    body.sensitivity = { part2: false, minorConsented: false };
    body.sourceSystem = k.source;
    yield { kind: k.key, body };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Children: the ingestion client and the query load (autocannon), report over IPC
// ---------------------------------------------------------------------------------------------------------------

const send = (msg) => new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function postJson(url, token, body, timeoutMs) {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  return { status: res.status, text: await res.text() };
}

async function childIngest(spec) {
  const { url, token, members, total, seed, range, batchSize, connections } = spec;
  const counts = {
    authorizations: 0,
    created: 0,
    replayed: 0,
    rejected: 0,
    retries: 0,
    flagged: 0,
    firstProblem: null,
  };
  const kinds = {};
  const problem = (text) => {
    if (!counts.firstProblem) counts.firstProblem = String(text).slice(0, 500);
  };
  // Authorizations first (1% of members), 16 at a time: 164.508 disclosures then pass the record-time check.
  const authorized = authorizedCount(members);
  let nextAuth = 0;
  const signedOn = isoDay(range.start - 365 * DAY);
  await Promise.all(
    Array.from({ length: Math.min(16, authorized) }, async () => {
      while (nextAuth < authorized) {
        const m = AUTH_OFFSET + AUTH_EVERY * nextAuth++;
        const id = memberId(m);
        for (let attempt = 1; ; attempt++) {
          try {
            const r = await postJson(
              `${url}/v1/members/${id}/authorizations`,
              token,
              {
                authorizationId: `AUTH-${id}`,
                recipient: AUTH_RECIPIENT,
                purpose: 'Life insurance underwriting',
                phiScope: 'Claims history 2015-2024',
                signedOn,
                expiresOn: null,
              },
              30_000,
            );
            if (r.status === 200 || r.status === 201) counts.authorizations++;
            else problem(`authorization ${id}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
            break;
          } catch (error) {
            if (attempt >= 5) throw error;
            counts.retries++;
            await sleep(1000 * attempt);
          }
        }
      }
    }),
  );
  await send({ type: 'authorizations', count: counts.authorizations });

  const source = disclosures({ members, total, seed, range });
  if (spec.ingest === 'import') return importIngest(spec, source, counts, kinds, problem);
  const nextBatch = () => {
    const items = [];
    for (let n = 0; n < batchSize; n++) {
      const { value, done } = source.next();
      if (done) break;
      kinds[value.kind] = (kinds[value.kind] ?? 0) + 1;
      items.push(value.body);
    }
    return items;
  };
  const t0 = performance.now();
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 500) return;
    lastReport = now;
    void send({ type: 'progress', done: counts.created + counts.replayed + counts.rejected, ...counts });
  };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const items = nextBatch();
        if (items.length === 0) return;
        for (let attempt = 1; ; attempt++) {
          let r = null;
          try {
            r = await postJson(`${url}/v1/disclosure-batches`, token, { items }, 300_000);
          } catch (error) {
            problem(`batch request failed: ${error.message}`);
          }
          if (r && r.status === 200) {
            for (const it of JSON.parse(r.text).results) {
              if (it.status === 'created') counts.created++;
              else if (it.status === 'replayed') counts.replayed++;
              else {
                counts.rejected++;
                problem(
                  `item ${items[it.index]?.disclosureId}: ${it.status} ${JSON.stringify(it.problem ?? {}).slice(0, 300)}`,
                );
              }
              if (it.flags?.length) counts.flagged++;
            }
            break;
          }
          if (r) problem(`batch: HTTP ${r.status} ${r.text.slice(0, 300)}`);
          if (attempt >= 5 || (r && r.status < 500))
            throw new Error(`batch failed after ${attempt} attempts: ${counts.firstProblem}`);
          counts.retries++; // same ids and bodies: what was stored is answered as replayed
          await sleep(2000 * attempt);
        }
        report();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  report(true);
  return { ...counts, kinds, seconds, disclosuresPerSecond: (counts.created + counts.replayed) / seconds };
}

/**
 * The bulk path: the same disclosures as NDJSON through POST /v1/disclosure-imports, one request of IMPORT_LINES lines
 * at a time (streamed as they are generated; `?firstLine` numbers them in the whole import), as `phi-ledger import`
 * sends a file. A request that fails is sent again unchanged (what was stored comes back as replays).
 */
const IMPORT_LINES = 200_000;
async function importIngest(spec, source, counts, kinds, problem) {
  const { url, token } = spec;
  const t0 = performance.now();
  let lastReport = 0;
  let firstLine = 1;
  const encoder = new TextEncoder();
  for (let done = false; !done;) {
    const lines = [];
    for (let n = 0; n < IMPORT_LINES; n++) {
      const { value, done: end } = source.next();
      if (end) {
        done = true;
        break;
      }
      kinds[value.kind] = (kinds[value.kind] ?? 0) + 1;
      lines.push(value.body);
    }
    if (lines.length === 0) break;
    for (let attempt = 1; ; attempt++) {
      const body = ReadableStream.from(
        (function* () {
          for (let i = 0; i < lines.length; i += 1000)
            yield encoder.encode(
              lines
                .slice(i, i + 1000)
                .map((l) => `${JSON.stringify(l)}\n`)
                .join(''),
            );
        })(),
      );
      let r = null;
      try {
        const res = await fetch(`${url}/v1/disclosure-imports?firstLine=${firstLine}`, {
          method: 'POST',
          body,
          duplex: 'half',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
        });
        r = { status: res.status, text: await res.text() };
      } catch (error) {
        problem(`import request failed: ${error.message}`);
      }
      if (r?.status === 200) {
        const answer = JSON.parse(r.text);
        counts.created += answer.created;
        counts.replayed += answer.replayed;
        counts.rejected += answer.rejected;
        if (answer.problems[0])
          problem(`line ${answer.problems[0].line}: ${JSON.stringify(answer.problems[0]).slice(0, 300)}`);
        break;
      }
      if (r) problem(`import: HTTP ${r.status} ${r.text.slice(0, 300)}`);
      if (attempt >= 5 || (r && r.status < 500))
        throw new Error(`import failed after ${attempt} attempts: ${counts.firstProblem}`);
      counts.retries++;
      await sleep(2000 * attempt);
    }
    firstLine += lines.length;
    const now = performance.now();
    if (now - lastReport >= 500 || done) {
      lastReport = now;
      await send({ type: 'progress', done: counts.created + counts.replayed + counts.rejected, ...counts });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  counts.flagged = null; // the import's answer counts lines, not flags
  return { ...counts, kinds, seconds, disclosuresPerSecond: (counts.created + counts.replayed) / seconds };
}

async function childQuery(spec) {
  const require = createRequire(join(HERE, 'package.json'));
  const autocannon = require('autocannon');
  const { url, token, members, connections, seconds, warmupSeconds, seed } = spec;
  const rnd = mulberry32(seed);
  let latencies = null;
  const stats = {
    responses: 0,
    non2xx: 0,
    parsed: 0,
    entries: 0,
    trace: 0,
    maxEntries: 0,
    firstProblem: null,
    bytes: 0,
  };
  const request = {
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
    setupRequest: (req) => {
      req.path = `/v1/members/${memberId(Math.floor(rnd() * members))}/accounting`;
      return req;
    },
    onResponse: (status, body) => {
      stats.responses++;
      stats.bytes += body?.length ?? 0;
      if (status !== 200) {
        stats.non2xx++;
        stats.firstProblem ??= `HTTP ${status}: ${String(body).slice(0, 300)}`;
        return;
      }
      if (stats.responses % 10 === 0) {
        const a = JSON.parse(body);
        stats.parsed++;
        stats.entries += a.entries.length;
        stats.maxEntries = Math.max(stats.maxEntries, a.entries.length);
      }
    },
  };
  const run = (c, duration, label) =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        { url, connections: c, duration, timeout: 30, requests: [request] },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => {
        if (latencies && latencies.length < 5_000_000) latencies.push(responseTime);
      });
      let last = 0;
      instance.on('tick', () => {
        const now = performance.now();
        if (now - last < 900) return;
        last = now;
        void send({ type: 'progress', phase: label, responses: stats.responses, non2xx: stats.non2xx });
      });
    });
  const measure = async (c, duration, label) => {
    latencies = [];
    const before = { ...stats };
    await send({ type: 'phase', phase: label, measured: true });
    const t0 = performance.now();
    const result = await run(c, duration, label);
    const elapsed = result.duration ?? (performance.now() - t0) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    latencies = null;
    const pct = (p) =>
      sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    const n = stats.responses - before.responses;
    const parsed = stats.parsed - before.parsed;
    return {
      connections: c,
      seconds: elapsed,
      requests: n,
      requestsPerSecond: n / elapsed,
      p50Ms: pct(50),
      p90Ms: pct(90),
      p99Ms: pct(99),
      maxMs: sorted.length ? sorted[sorted.length - 1] : null,
      non2xx: stats.non2xx - before.non2xx,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      meanEntries: parsed ? (stats.entries - before.entries) / parsed : null,
      maxEntries: stats.maxEntries,
      meanBytes: n ? (stats.bytes - before.bytes) / n : null,
      firstProblem: stats.firstProblem,
    };
  };
  // Service time without queueing: one connection.
  const probe = await measure(1, Math.min(5, seconds), 'probe C=1');
  if (warmupSeconds > 0) {
    await send({ type: 'phase', phase: 'warm-up', measured: false });
    await run(connections, warmupSeconds, 'warm-up');
  }
  const loaded = await measure(connections, seconds, `C=${connections}`);
  return { probe, loaded };
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: resources, server, phases, output
// ---------------------------------------------------------------------------------------------------------------

/** The built server as a real process; RSS sampled from /metrics into the current phase's peak. */
async function startServer(env) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(env);
    } catch (error) {
      // A free port can be taken by another process before the server binds it (a shared machine): retry.
      if (attempt >= 3 || !/EADDRINUSE/.test(String(error?.message))) throw error;
    }
  }
}

async function startServerOnce(env) {
  const port = await freePort();
  let output = '';
  const spawnedAt = performance.now();
  const { flags, entry } = startCommand(ROOT, env);
  const child = spawn(process.execPath, [...flags, entry], {
    cwd: ROOT,
    env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env, PORT: String(port), LEDGER_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d) => (output = (output + d.toString()).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (
      await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      // The answer must come from our child, not from another process that grabbed the port first (EADDRINUSE).
      await sleep(300);
      if (child.exitCode === null) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in 120 s:\n${output}`);
    }
    await sleep(100);
  }
  const server = {
    base,
    pid: child.pid,
    readyMs: performance.now() - spawnedAt,
    logs: () => output,
    rss: { phase: 'start', peaks: {}, samples: 0, timer: null },
    async sampleRss() {
      const text = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.text(),
        () => '',
      );
      const m = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(text);
      if (!m) return;
      const mb = Number(m[1]) / 2 ** 20;
      const p = server.rss;
      p.samples++;
      p.peaks[p.phase] = Math.max(p.peaks[p.phase] ?? 0, mb);
      p.last = mb;
    },
    samplePhase(phase, everyMs) {
      clearInterval(server.rss.timer);
      server.rss.phase = phase;
      let busy = false;
      server.rss.timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void server.sampleRss().finally(() => (busy = false));
      }, everyMs);
    },
    async ready() {
      const r = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(10_000) });
      const body = await r.json();
      return {
        status: r.status,
        projections: Object.fromEntries(
          body.projections.map((p) => [p.name, { position: Number(p.position), lag: Number(p.lag) }]),
        ),
      };
    },
    async stop() {
      clearInterval(server.rss.timer);
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
  server.samplePhase('start', 1000);
  return server;
}

const fmtMs = (n) => (n == null ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const fmtDuration = (s) => {
  if (s == null || !Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

/** A bar on a terminal (with ETA), plain lines every 5 s otherwise. */
async function makeProgress(label, unit) {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  const t0 = performance.now();
  const eta = (done, total) => {
    const elapsed = (performance.now() - t0) / 1000;
    return done > 0 && total > done ? fmtDuration((elapsed * (total - done)) / done) : done >= total ? '0 s' : '?';
  };
  const rate = (done) => Math.round(done / ((performance.now() - t0) / 1000 || 1));
  if (tty) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(34)} {bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {etaText} | {extra}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { rate: 0, etaText: '?', extra: '' });
    return {
      update(done, total, extra = '') {
        bar.setTotal(Math.max(1, total));
        bar.update(done, { rate: rate(done), etaText: eta(done, total), extra });
      },
      stop(line) {
        bar.stop();
        if (line) console.log(`  ${line}`);
      },
    };
  }
  let last = 0;
  console.log(`${label}: started`);
  return {
    update(done, total, extra = '') {
      const now = performance.now();
      if (now - last < 5000) return;
      last = now;
      console.log(
        `${label}: ${fmtInt(done)}/${fmtInt(total)} ${unit} (${total ? Math.floor((100 * done) / total) : 0}%), ${fmtInt(rate(done))} ${unit}/s, ETA ${eta(done, total)}${extra ? `, ${extra}` : ''}`,
      );
    },
    stop(line) {
      console.log(`${label}: ${line}`);
    },
  };
}

/** Runs a child phase of this file; resolves its result; `onMessage` sees progress. */
function runChild(kind, spec, onMessage, timeoutS) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', kind, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (d) => (output = (output + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let result = null;
    const timer = timeoutS ? setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000) : null;
    child.on('message', (msg) => (msg.type === 'done' ? (result = msg.result) : onMessage?.(msg)));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else
        reject(
          new Error(
            `${kind} child failed (${signal ?? `exit ${code}`}): ${output.trim().split('\n').slice(-6).join('\n')}`,
          ),
        );
    });
  });
}

/** What a process preloaded with bench/io-at-exit.js said it wrote, MB (null where it could not tell). */
function writtenBy(output) {
  const wchar = /bench-io: wchar=(\d+)/.exec(output)?.[1];
  return { wcharMb: wchar ? Number(wchar) / 2 ** 20 : null };
}

/**
 * `phi-ledger projections rebuild <name | --all>`, its plain progress lines driving our bar; peak RSS from /proc, and
 * the bytes it wrote (bench/io-at-exit.js).
 */
async function runRebuild(env, expectHead, which) {
  const progress = await makeProgress(`rebuild ${which === 'all' ? 'all read models' : which} (CLI)`, 'ev');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(HERE, 'io-at-exit.js')).href,
        join(ROOT, 'dist', 'cli', 'main.js'),
        'projections',
        'rebuild',
        which === 'all' ? '--all' : which,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let peakKb = 0;
    let firstProgressAt = null;
    const readHwm = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        /* exited, or not Linux */
      }
    };
    const sampler = setInterval(readHwm, 250);
    const onData = (d) => {
      output = (output + d.toString()).slice(-8000);
      for (const m of d.toString().matchAll(/rebuild [a-z -]+: (\d+)\/(\d+) events/g)) {
        firstProgressAt ??= performance.now();
        progress.update(Number(m[1]), Number(m[2]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - t0) / 1000;
      const at = Number(/rebuilt up to position (\d+)/.exec(output)?.[1] ?? NaN);
      if (code !== 0 || !Number.isFinite(at)) {
        progress.stop(`FAILED (exit ${code})`);
        return reject(new Error(`rebuild failed (exit ${code}):\n${output.slice(-2000)}`));
      }
      const r = {
        events: at,
        seconds,
        eventsPerSecond: at / seconds,
        startupSeconds: firstProgressAt ? (firstProgressAt - t0) / 1000 : null,
        peakRssMb: peakKb ? peakKb / 1024 : null,
        complete: at === expectHead,
        ...writtenBy(output),
      };
      progress.stop(
        `${fmtInt(at)} events in ${fmtS(seconds)} s: ${fmtInt(r.eventsPerSecond)} events/s, peak RSS ${fmtInt(r.peakRssMb)} MB` +
          (r.complete ? '' : ` (head was ${expectHead})`),
      );
      resolve(r);
    });
  });
}

/**
 * The raw ceiling of the same run (SQLite): the events and every read-model row the service wrote, copied by plain SQL
 * into a fresh data directory with the service's own schema (the service started once there and stopped: same tables,
 * same indexes), row by row through prepared statements in transactions of 50,000 rows: what a program that already
 * knows every row pays to write them, with none of the service's work (parsing, validation, decisions, seals,
 * projections).
 */
async function rawCeilingSqlite(dataDir, env, counts) {
  const Database = (await import('better-sqlite3')).default;
  const target = `${dataDir}-ceiling`;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const schema = await startServer({ ...env, LEDGER_DATA_DIR: target });
  await schema.stop();
  const progress = await makeProgress('raw ceiling (plain SQL)', 'rows');
  let rows = 0;
  let seconds = 0;
  const perTable = {}; // rows copied and seconds spent, by table (the read-model cost breakdown uses them)
  try {
    const files = ['ledger.sqlite', 'read-models.sqlite'];
    const plans = files.map((file) => {
      const from = new Database(join(dataDir, file), { readonly: true });
      const to = new Database(join(target, file));
      to.pragma('journal_mode = WAL');
      to.pragma(`synchronous = ${file === 'ledger.sqlite' ? 'FULL' : 'NORMAL'}`);
      const tables = from
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all();
      for (const t of tables) to.prepare(`DELETE FROM "${t}"`).run();
      const total = tables.reduce((n, t) => n + Number(from.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()), 0);
      return { file, from, to, tables, total };
    });
    const total = plans.reduce((n, p) => n + p.total, 0);
    const t0 = performance.now();
    for (const { file, from, to, tables } of plans) {
      for (const t of tables) {
        const columns = from
          .prepare(`SELECT * FROM "${t}" LIMIT 0`)
          .columns()
          .map((c) => `"${c.name}"`);
        const insert = to.prepare(`INSERT INTO "${t}" (${columns}) VALUES (${columns.map(() => '?')})`);
        const tableStarted = performance.now();
        const rowsBefore = rows;
        let pending = [];
        const commit = to.transaction((batch) => {
          for (const row of batch) insert.run(row);
        });
        for (const row of from.prepare(`SELECT * FROM "${t}"`).raw().iterate()) {
          pending.push(row);
          if (pending.length === 50_000) {
            commit(pending);
            rows += pending.length;
            pending = [];
            progress.update(rows, total, t);
          }
        }
        commit(pending);
        rows += pending.length;
        perTable[t] = { file, rows: rows - rowsBefore, seconds: (performance.now() - tableStarted) / 1000 };
      }
    }
    seconds = (performance.now() - t0) / 1000;
    for (const { from, to } of plans) {
      from.close();
      to.close();
    }
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
  const result = {
    rows,
    seconds,
    disclosuresPerSecond: counts.disclosureEvents / seconds,
    eventsPerSecond: counts.events / seconds,
    tables: perTable,
  };
  // the read models' rows alone: what a rebuild writes, the log read aside (beside the rebuild target)
  const readModelSeconds = Object.values(perTable)
    .filter((t) => t.file === 'read-models.sqlite')
    .reduce((sum, t) => sum + t.seconds, 0);
  result.readModelEventsPerSecond = counts.events / readModelSeconds;
  progress.stop(
    `${fmtInt(rows)} rows (${fmtInt(counts.events)} events and their read-model rows) in ${fmtS(seconds)} s: ` +
      `${fmtInt(result.disclosuresPerSecond)} disclosures/s`,
  );
  return result;
}

/**
 * What each read model costs (issue 17, "measure what each costs"): every projection rebuilt alone from the same log
 * (`phi-ledger projections rebuild <name>`, server stopped), with the bytes the process wrote, then the disk its tables
 * and their indexes take, and (SQLite, when the ceiling ran) the seconds plain SQL took to write the same rows. The
 * projections and their tables come from the built service (dist/app/projections.js), so a new read model is measured
 * without a change here. Every rebuild alone also reads and parses the whole log: the fastest of them is that floor.
 */
async function readModelCosts(engine, dataDir, env, counts, ceiling, admin, schema) {
  const { buildProjections } = await import(pathToFileURL(join(ROOT, 'dist', 'app', 'projections.js')).href);
  const { loadConfig } = await import(pathToFileURL(join(ROOT, 'dist', 'config', 'config.js')).href);
  const projections = buildProjections(loadConfig({ ...process.env, ...env }));
  const rebuilt = [];
  for (const p of projections)
    rebuilt.push({ name: p.name, tables: p.tables, ...(await runRebuild(env, counts.events, p.name)) });
  const bytes = await tableBytes(engine, dataDir, admin, schema);
  const floor = Math.min(...rebuilt.map((r) => r.seconds));
  return rebuilt.map((r) => {
    const ceilingSeconds = ceiling?.tables
      ? r.tables.reduce((sum, t) => sum + (ceiling.tables[t]?.seconds ?? 0), 0)
      : null;
    const diskBytes = r.tables.reduce((sum, t) => sum + (bytes.get(t) ?? 0), 0);
    return {
      name: r.name,
      seconds: r.seconds,
      eventsPerSecond: r.eventsPerSecond,
      usPerEvent: (r.seconds * 1e6) / counts.events,
      usAboveFloor: ((r.seconds - floor) * 1e6) / counts.events,
      wcharMb: r.wcharMb,
      peakRssMb: r.peakRssMb,
      diskMb: diskBytes / 2 ** 20,
      bytesPerDisclosure: diskBytes / counts.disclosureEvents,
      ceilingUsPerEvent: ceilingSeconds === null ? null : (ceilingSeconds * 1e6) / counts.events,
    };
  });
}

/** Bytes each table takes with its indexes (SQLite: the read-model file's, by dbstat; PostgreSQL: the schema's). */
async function tableBytes(engine, dataDir, admin, schema) {
  if (engine === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, timeout: 10_000 });
    try {
      const rows = db
        .prepare(
          `SELECT m.tbl_name AS name, sum(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_master m ON m.name = s.name
           GROUP BY m.tbl_name`,
        )
        .all();
      return new Map(rows.map((r) => [r.name, Number(r.bytes)]));
    } finally {
      db.close();
    }
  }
  const { rows } = await admin.bench.query(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  return new Map(rows.map((r) => [r.name, Number(r.bytes)]));
}

async function storeCounts(engine, dataDir, admin, schema) {
  if (engine === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const count = (file, sql) => {
      const db = new Database(file, { readonly: true, timeout: 10_000 });
      try {
        return Number(db.prepare(sql).pluck().get());
      } finally {
        db.close();
      }
    };
    return {
      events: count(join(dataDir, 'ledger.sqlite'), 'SELECT coalesce(max(position), 0) FROM events'),
      disclosureEvents: count(
        join(dataDir, 'ledger.sqlite'),
        `SELECT count(*) FROM events WHERE type = 'PhiDisclosed'`,
      ),
      accDisclosures: count(join(dataDir, 'read-models.sqlite'), 'SELECT count(*) FROM acc_disclosures'),
    };
  }
  const one = async (sql) => Number((await admin.bench.query(sql)).rows[0].n);
  return {
    events: await one(`SELECT coalesce(max(position), 0)::bigint AS n FROM "${schema}".events`),
    disclosureEvents: await one(`SELECT count(*)::bigint AS n FROM "${schema}".events WHERE type = 'PhiDisclosed'`),
    accDisclosures: await one(`SELECT count(*)::bigint AS n FROM "${schema}".acc_disclosures`),
  };
}

async function sizes(engine, dataDir, admin, schema) {
  if (engine === 'sqlite') {
    const mb = (f) =>
      ['', '-wal'].reduce(
        (s, ext) => s + (existsSync(join(dataDir, f + ext)) ? statSync(join(dataDir, f + ext)).size : 0),
        0,
      ) /
      2 ** 20;
    return { eventsMb: mb('ledger.sqlite'), readModelsMb: mb('read-models.sqlite') };
  }
  const tables = [...(await tableBytes(engine, dataDir, admin, schema))];
  const total = (pred) => tables.filter(([name]) => pred(name)).reduce((s, [, bytes]) => s + bytes, 0) / 2 ** 20;
  return {
    eventsMb: total((n) => n === 'events' || n === 'streams' || n.startsWith('event')),
    readModelsMb: total((n) => !(n === 'events' || n === 'streams' || n.startsWith('event'))),
  };
}

async function runEngine(engine, cfg, admin, issueLocalToken) {
  const tag = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const reuseName = `accounting-sqlite-m${cfg.members}-d${cfg.disclosures}-s${cfg.seed}`;
  const dataDir = join(DATA_DIR, engine === 'sqlite' && cfg.reuse ? reuseName : `accounting-${engine}-${tag}`);
  const schema = `bench_accounting_${tag}`.slice(0, 63);
  const marker = join(dataDir, 'bench-accounting.json');
  let reused = null;
  if (engine === 'sqlite' && cfg.reuse && existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    if (m.complete && m.members === cfg.members && m.disclosures === cfg.disclosures && m.seed === cfg.seed) reused = m;
  }
  if (!reused) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
  }
  const env = {
    ...(engine === 'sqlite'
      ? { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' }
      : { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'postgres', DATABASE_URL, LEDGER_PG_SCHEMA: schema }),
    ...(cfg.memoryMb ? { LEDGER_MEMORY_MB: String(cfg.memoryMb) } : {}),
    // the load generators are one service and one auditor asking thousands of times a second: no per-client budget
    LEDGER_RATE_LIMIT_SERVICE_PER_MINUTE: '0',
    LEDGER_RATE_LIMIT_PERSON_PER_MINUTE: '0',
  };
  const label = ENGINE_LABEL[engine];
  const out = {
    engine,
    label,
    members: cfg.members,
    disclosures: cfg.disclosures,
    seed: cfg.seed,
    status: 'ok',
    reused: Boolean(reused),
    rss: {},
    loadavg: { start: os.loadavg()[0].toFixed(2) },
  };
  let server = null;
  try {
    // ---- ingestion and catch-up --------------------------------------------------------------------------------
    if (reused) {
      console.log(
        `${label}: reusing ${relative(ROOT, dataDir)} (${fmtInt(reused.events)} events from ${reused.ingestedAt}); ingestion and catch-up skipped`,
      );
      out.ingest = reused.ingest ?? null;
      out.catchup = reused.catchup ?? null;
    } else {
      server = await startServer(env);
      const recorder = await issueLocalToken(dataDir, {
        subject: 'bench-recorder',
        roles: ['recorder'],
        clientId: 'accounting-bench',
        ttlSeconds: 7 * 24 * 3600,
      });
      server.samplePhase('ingest', 1000);
      const progress = await makeProgress(
        `${label} ingest (${cfg.ingest === 'import' ? 'bulk import, NDJSON' : `batches ×${cfg.batchSize}`})`,
        'disclosures',
      );
      const samples = [];
      let sampling = true;
      const readySampler = (async () => {
        while (sampling) {
          const t = performance.now();
          const r = await server.ready().catch(() => null);
          if (r) samples.push({ t, accounting: r.projections.accounting, all: r.projections });
          await sleep(2000);
        }
      })();
      let authorizations = 0;
      const t0 = performance.now();
      const ingest = await runChild(
        'ingest',
        {
          url: server.base,
          token: recorder,
          members: cfg.members,
          total: cfg.disclosures,
          seed: cfg.seed,
          range: cfg.range,
          batchSize: cfg.batchSize,
          connections: cfg.ingestConnections,
          ingest: cfg.ingest,
        },
        (msg) => {
          if (msg.type === 'authorizations') authorizations = msg.count;
          if (msg.type === 'progress') {
            const lag = samples.at(-1)?.accounting?.lag;
            progress.update(
              msg.done,
              cfg.disclosures,
              `auth ${fmtInt(authorizations)} · rejected ${msg.rejected} · retries ${msg.retries}` +
                `${lag != null ? ` · accounting lag ${fmtInt(lag)}` : ''} · RSS ${fmtInt(server.rss.last)} MB`,
            );
          }
        },
      );
      const ingestEnd = performance.now();
      sampling = false;
      await server.sampleRss();
      progress.stop(
        `${fmtInt(ingest.created + ingest.replayed)} disclosures in ${fmtS(ingest.seconds)} s (${fmtInt(ingest.disclosuresPerSecond)}/s), ` +
          `${fmtInt(ingest.authorizations)} authorizations, rejected ${ingest.rejected}, retries ${ingest.retries}` +
          `${ingest.firstProblem ? `; first problem: ${ingest.firstProblem.slice(0, 200)}` : ''}`,
      );
      out.ingest = {
        ...ingest,
        wallSeconds: (ingestEnd - t0) / 1000,
        connections: cfg.ingestConnections,
        batchSize: cfg.batchSize,
        mode: cfg.ingest,
      };
      if (ingest.rejected > 0) out.status = 'errors';

      // Catch-up: from the end of ingestion until every projection reports lag 0.
      server.samplePhase('catch-up', 1000);
      const first = await server.ready();
      const lagAtEnd = Object.fromEntries(Object.entries(first.projections).map(([n, p]) => [n, p.lag]));
      const zeroAt = {};
      const cp = await makeProgress(`${label} projection catch-up`, 'ev');
      const totalLag = Math.max(1, ...Object.values(lagAtEnd));
      for (;;) {
        const r = await server.ready();
        const now = performance.now();
        for (const [n, p] of Object.entries(r.projections)) if (p.lag === 0 && zeroAt[n] == null) zeroAt[n] = now;
        const maxLag = Math.max(...Object.values(r.projections).map((p) => p.lag));
        cp.update(
          totalLag - Math.min(totalLag, maxLag),
          totalLag,
          Object.entries(r.projections)
            .map(([n, p]) => `${n} lag ${fmtInt(p.lag)}`)
            .join(' · '),
        );
        if (maxLag === 0) break;
        if (now - ingestEnd > 3_600_000)
          throw new Error('projections did not catch up within an hour of the end of ingestion');
        await sleep(100);
      }
      const head = Math.max(...Object.values((await server.ready()).projections).map((p) => p.position));
      const drain = Object.fromEntries(Object.keys(lagAtEnd).map((n) => [n, (zeroAt[n] - ingestEnd) / 1000]));
      // The accounting projection's own rate while ingestion ran (positions applied per second between samples).
      const s0 = samples.find((s) => s.accounting?.position > 0) ?? samples[0];
      const s1 = samples.at(-1);
      const duringIngest =
        s0 && s1 && s1.t > s0.t ? (s1.accounting.position - s0.accounting.position) / ((s1.t - s0.t) / 1000) : null;
      const acc = lagAtEnd.accounting ?? 0;
      out.catchup = {
        head,
        lagAtEnd,
        drainSeconds: drain,
        accountingLagAtEnd: acc,
        accountingDrainSeconds: drain.accounting,
        accountingEventsPerSecond: acc >= cfg.batchSize && drain.accounting > 0 ? acc / drain.accounting : null,
        accountingDuringIngestEventsPerSecond: duringIngest,
        maxLagDuringIngest: Math.max(0, ...samples.map((s) => s.accounting?.lag ?? 0)),
      };
      cp.stop(
        `head ${fmtInt(head)}; lag at end of ingestion ${Object.entries(lagAtEnd)
          .map(([n, l]) => `${n} ${fmtInt(l)}`)
          .join(', ')}; ` +
          `lag 0 after ${Object.entries(drain)
            .map(([n, s]) => `${n} ${fmtS(s)} s`)
            .join(', ')}` +
          (out.catchup.accountingEventsPerSecond
            ? ` (accounting ${fmtInt(out.catchup.accountingEventsPerSecond)} events/s)`
            : ' (accounting kept up with ingestion)') +
          (duringIngest
            ? `; accounting applied ${fmtInt(duringIngest)} events/s during ingestion (max lag ${fmtInt(out.catchup.maxLagDuringIngest)})`
            : ''),
      );
      await readySampler;
      await server.sampleRss();
      out.rss.ingestMb = server.rss.peaks.ingest ?? null;
      out.rss.catchupMb = server.rss.peaks['catch-up'] ?? null;
      out.rss.startMb = server.rss.peaks.start ?? null;
      await server.stop();
      server = null;
      if (engine === 'sqlite' && cfg.reuse) {
        writeFileSync(
          marker,
          `${JSON.stringify(
            {
              complete: true,
              members: cfg.members,
              disclosures: cfg.disclosures,
              seed: cfg.seed,
              events: head,
              ingestedAt: new Date().toISOString(),
              ingest: out.ingest,
              catchup: out.catchup,
            },
            null,
            2,
          )}\n`,
        );
      }
    }

    // ---- rebuild from scratch (server stopped) -----------------------------------------------------------------
    const before = await storeCounts(engine, dataDir, admin, schema);
    if (cfg.ceiling && engine === 'sqlite' && !reused) out.ceiling = await rawCeilingSqlite(dataDir, env, before);
    // the rebuild is a maintenance step with the service stopped: it runs at full speed, outside the service's budget
    const { LEDGER_MEMORY_MB: _budget, ...rebuildEnv } = env;
    out.rebuild = await runRebuild(rebuildEnv, before.events, cfg.rebuild);
    if (cfg.breakdown && cfg.rebuild === 'all')
      out.readModels = await readModelCosts(engine, dataDir, rebuildEnv, before, out.ceiling, admin, schema);
    out.memoryMb = cfg.memoryMb;

    // ---- queries on the rebuilt read model ----------------------------------------------------------------------
    server = await startServer(env);
    const readyDeadline = Date.now() + 600_000;
    for (;;) {
      const r = await server.ready();
      if (Object.values(r.projections).every((p) => p.lag === 0)) break;
      if (Date.now() > readyDeadline) throw new Error('projections not at lag 0 after restart');
      await sleep(200);
    }
    out.counts = await storeCounts(engine, dataDir, admin, schema);
    out.sizes = await sizes(engine, dataDir, admin, schema);
    out.verified = out.counts.disclosureEvents === cfg.disclosures && out.counts.accDisclosures === cfg.disclosures;
    if (!out.verified) out.status = 'mismatch';
    const auditor = await issueLocalToken(dataDir, {
      subject: 'bench-auditor',
      roles: ['auditor'],
      clientId: 'accounting-bench',
      ttlSeconds: 24 * 3600,
    });
    server.samplePhase('query', 500);
    const total = Math.min(5, cfg.seconds) + cfg.warmupSeconds + cfg.seconds;
    const qp = await makeProgress(`${label} GET accounting`, 's');
    let phase = 'probe';
    const qt0 = performance.now();
    const q = await runChild(
      'query',
      {
        url: server.base,
        token: auditor,
        members: cfg.members,
        connections: cfg.concurrency,
        seconds: cfg.seconds,
        warmupSeconds: cfg.warmupSeconds,
        seed: cfg.seed + 1,
      },
      (msg) => {
        if (msg.type === 'phase') phase = msg.phase;
        if (msg.type === 'progress') {
          qp.update(
            Math.min(total, Math.round((performance.now() - qt0) / 1000)),
            total,
            `${phase} · ${fmtInt(msg.responses)} responses · non-200 ${msg.non2xx} · RSS ${fmtInt(server.rss.last)} MB`,
          );
        }
      },
      total + 300,
    );
    await server.sampleRss();
    out.query = q;
    out.rss.queryMb = server.rss.peaks.query ?? null;
    const L = q.loaded;
    qp.stop(
      `C=${L.connections}: ${fmtInt(L.requestsPerSecond)} req/s, p50 ${fmtMs(L.p50Ms)} ms, p99 ${fmtMs(L.p99Ms)} ms, max ${fmtMs(L.maxMs)} ms, ` +
        `non-200 ${L.non2xx}, ~${L.meanEntries?.toFixed(1) ?? '?'} entries / ${fmtInt(L.meanBytes)} B per accounting; ` +
        `C=1: p50 ${fmtMs(q.probe.p50Ms)} ms, p99 ${fmtMs(q.probe.p99Ms)} ms (${fmtInt(q.probe.requestsPerSecond)} req/s); peak RSS ${fmtInt(out.rss.queryMb)} MB`,
    );
    if (L.non2xx || q.probe.non2xx || L.socketErrors) out.status = 'errors';
    out.serverExit = await server.stop();
    server = null;
  } catch (error) {
    out.status = 'failed';
    out.error = String(error?.message ?? error).slice(0, 3000);
    console.error(`${label}: FAILED: ${out.error}`);
    if (server) out.serverLogs = server.logs().slice(-2000);
  } finally {
    if (server) await server.stop().catch(() => undefined);
    out.loadavg.end = os.loadavg()[0].toFixed(2);
    if (engine === 'postgres' && !cfg.keep) {
      await admin.bench
        .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        .catch((e) => console.error(`dropping schema ${schema} failed: ${e.message}`));
    }
    if (!cfg.keep && !(engine === 'sqlite' && cfg.reuse)) rmSync(dataDir, { recursive: true, force: true });
  }
  const peaks = [out.rss.ingestMb, out.rss.catchupMb, out.rss.queryMb].filter((x) => x != null);
  out.rss.peakMb = peaks.length ? Math.max(...peaks) : null;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Extrapolation, targets, docs
// ---------------------------------------------------------------------------------------------------------------

/**
 * The import's share of the ceiling counting until every read model had caught up (the ceiling writes its read-model
 * rows before it stops the clock; the import leaves the projections behind): ingestion seconds plus the slowest
 * projection's drain after it.
 */
function caughtUpShare(r) {
  const drains = Object.values(r.catchup?.drainSeconds ?? {});
  if (!r.ingest?.seconds || drains.length === 0 || drains.some((s) => s == null)) return '';
  const rate = r.ingest.created / (r.ingest.seconds + Math.max(...drains));
  return `; ${fmtInt(rate)}/s, ${((100 * rate) / r.ceiling.disclosuresPerSecond).toFixed(1)}%, counting until the read models had caught up`;
}

/** Linear in events for ingestion, rebuild and disk; latency is per member (~10 disclosures at every scale). */
function extrapolate(r) {
  if (!r.counts?.events) return null;
  const factor = FULL.disclosures / r.disclosures;
  const events = r.counts.events * factor;
  return {
    factor,
    events,
    ingestSeconds: r.ingest?.disclosuresPerSecond ? FULL.disclosures / r.ingest.disclosuresPerSecond : null,
    rebuildSeconds: r.rebuild ? events / r.rebuild.eventsPerSecond : null,
    eventsGb: r.sizes ? (r.sizes.eventsMb * factor) / 1024 : null,
    readModelsGb: r.sizes ? (r.sizes.readModelsMb * factor) / 1024 : null,
  };
}

function targetRows(results) {
  const rows = [];
  const verdict = (ok, measured) => (!measured ? 'not measured' : ok ? 'met' : '**missed**');
  for (const r of results) {
    const L = r.query?.loaded;
    const E = ENGINE_LABEL[r.engine];
    const scale = r.disclosures < FULL.disclosures ? ` (at ${fmtInt(r.disclosures)} disclosures)` : '';
    // issue 17 judges the latency targets at C=1 (the service time), the accounting bench at C=16
    const judged = NAME === 'scale' ? r.query?.probe : L;
    const other = NAME === 'scale' ? `C=${L?.connections ?? 16}` : 'C=1';
    const otherRun = NAME === 'scale' ? L : r.query?.probe;
    const at = NAME === 'scale' ? 'C=1' : `C=${L?.connections ?? 16}`;
    rows.push({
      target: `${E}: GET accounting p50 ≤ ${TARGETS.p50Ms} ms (JSON, ${at})`,
      measured: judged ? `${fmtMs(judged.p50Ms)} ms (${other}: ${fmtMs(otherRun.p50Ms)} ms)` : '–',
      verdict: verdict(judged && judged.p50Ms <= TARGETS.p50Ms, Boolean(judged)) + (judged ? scale : ''),
    });
    rows.push({
      target: `${E}: GET accounting p99 ≤ ${TARGETS.p99Ms} ms (JSON, ${at})`,
      measured: judged ? `${fmtMs(judged.p99Ms)} ms (${other}: ${fmtMs(otherRun.p99Ms)} ms)` : '–',
      verdict: verdict(judged && judged.p99Ms <= TARGETS.p99Ms, Boolean(judged)) + (judged ? scale : ''),
    });
    const c = r.catchup;
    const rebuild = r.rebuild?.eventsPerSecond;
    const drain = c?.accountingEventsPerSecond;
    const best = drain ?? rebuild;
    rows.push({
      target: `${E}: projection ${NAME === 'scale' ? 'rebuild' : 'catch-up'} ≥ ${fmtInt(TARGETS.catchupEventsPerSecond)} events/s`,
      measured: `rebuild ${rebuild ? `${fmtInt(rebuild)} events/s` : '–'}; after ingestion ${
        c
          ? drain
            ? `${fmtInt(drain)} events/s (lag ${fmtInt(c.accountingLagAtEnd)})`
            : `kept up (lag ${fmtInt(c.accountingLagAtEnd)} at the end)`
          : '–'
      }${
        r.ceiling?.readModelEventsPerSecond
          ? `; plain SQL wrote the same read-model rows at ${fmtInt(r.ceiling.readModelEventsPerSecond)} events/s (ceiling${
              rebuild
                ? `: the rebuild at ${((100 * rebuild) / r.ceiling.readModelEventsPerSecond).toFixed(1)}% of it`
                : ''
            })`
          : ''
      }`,
      verdict:
        verdict(
          rebuild != null &&
            rebuild >= TARGETS.catchupEventsPerSecond &&
            (drain == null || drain >= TARGETS.catchupEventsPerSecond),
          best != null,
        ) + (best != null ? scale : ''),
    });
    if (r.ceiling && r.ingest) {
      const share = r.ingest.disclosuresPerSecond / r.ceiling.disclosuresPerSecond;
      rows.push({
        target: `${E}: ${r.ingest.mode === 'import' ? 'bulk import' : 'batches'} ≥ 50% of the raw ceiling (same run)`,
        measured:
          `${fmtInt(r.ingest.disclosuresPerSecond)} of ${fmtInt(r.ceiling.disclosuresPerSecond)} disclosures/s: ${(100 * share).toFixed(1)}%` +
          caughtUpShare(r),
        verdict: verdict(share >= 0.5, true) + scale,
      });
    }
    rows.push({
      target: `${E}: server RSS ≤ ${TARGETS.rssMb} MB${r.memoryMb ? ` (LEDGER_MEMORY_MB=${r.memoryMb})` : ''}`,
      measured:
        r.rss?.peakMb != null
          ? `peak ${fmtInt(r.rss.peakMb)} MB (ingest ${fmtInt(r.rss.ingestMb)}, ` +
            `catch-up ${fmtInt(r.rss.catchupMb)}, queries ${fmtInt(r.rss.queryMb)}); rebuild CLI ${fmtInt(r.rebuild?.peakRssMb)} MB`
          : '–',
      verdict:
        verdict(r.rss?.peakMb != null && r.rss.peakMb <= TARGETS.rssMb, r.rss?.peakMb != null) +
        (r.rss?.peakMb != null ? scale : ''),
    });
  }
  return rows;
}

function markdown(report) {
  const lines = [];
  const isFull = (r) => r.disclosures >= FULL.disclosures && r.members >= FULL.members;
  const full = report.results.every(isFull);
  const envOf = (r) =>
    isFull(r)
      ? ''
      : `BENCH_ACCOUNTING_${r.engine.toUpperCase()}_MEMBERS=${r.members} BENCH_ACCOUNTING_${r.engine.toUpperCase()}_DISCLOSURES=${r.disclosures}`;
  lines.push(
    `Run ${report.startedAt} · **scale run: ${report.results.map((r) => `${r.label} ${fmtInt(r.members)} members, ${fmtInt(r.disclosures)} disclosures`).join('; ')}** ` +
      `(full scale: ${fmtInt(FULL.members)} / ${fmtInt(FULL.disclosures)}) · dates over 8 years · ingestion ${
        report.ingest === 'import'
          ? 'through the bulk import (NDJSON requests of 200,000 lines, one at a time)'
          : `in ${report.batchSize}-item batches at ${report.ingestConnections} connections`
      } · queries: ${report.seconds} s at C=${report.concurrency} (+${report.warmupSeconds} s warm-up, after a ` +
      `${Math.min(5, report.seconds)} s C=1 probe) · Node ${report.node} · ${report.cpus} CPUs (load generator on the same machine)` +
      (report.postgres ? ` · PostgreSQL ${report.postgres.server_version.split(' ')[0]}` : '') +
      ` · \`${[...report.results.map(envOf), report.seconds !== 20 ? `BENCH_ACCOUNTING_SECONDS=${report.seconds}` : ''].filter(Boolean).join(' ')}` +
      `${full && report.seconds === 20 ? '' : ' '}npm run bench:${NAME}\`${full ? '' : ' (**smoke run: figures do not hold at full scale**)'}.`,
  );
  lines.push('');
  lines.push(
    `| engine | scale: members / events (disclosures) | ingestion (${report.ingest === 'import' ? 'bulk import; raw ceiling in the same run' : 'batches'}) | catch-up after ingestion | rebuild ${report.rebuild === 'all' ? 'every read model' : (report.rebuild ?? 'accounting')} (CLI) | GET accounting C=16: req/s, p50 / p99 / max ms | C=1 p50 / p99 ms | entries per accounting | server RSS peak (ingest / queries) | disk (events + read models) | status |`,
  );
  lines.push('|---|---:|---|---|---|---|---|---:|---|---|---|');
  for (const r of report.results) {
    const i = r.ingest;
    const c = r.catchup;
    const L = r.query?.loaded;
    const P = r.query?.probe;
    const status =
      r.status === 'ok'
        ? r.verified
          ? 'ok (verified)'
          : 'ok'
        : `**${r.status}**${r.error ? `: ${escapeCell(r.error).slice(0, 160)}` : ''}`;
    lines.push(
      `| ${r.label} | ${fmtInt(r.members)} / ${fmtInt(r.counts?.events)} (${fmtInt(r.counts?.disclosureEvents ?? r.disclosures)}) | ` +
        `${i ? `${fmtInt(i.disclosuresPerSecond)} disclosures/s, ${fmtDuration(i.seconds)}${r.reused ? ' (reused data)' : ''}` : '–'}` +
        `${r.ceiling ? `; ceiling ${fmtInt(r.ceiling.disclosuresPerSecond)}/s (${fmtInt(r.ceiling.rows)} rows in ${fmtS(r.ceiling.seconds)} s)` : ''} | ` +
        `${
          c
            ? (c.accountingEventsPerSecond
                ? `accounting lag ${fmtInt(c.accountingLagAtEnd)} → 0 in ${fmtS(c.accountingDrainSeconds)} s: ${fmtInt(c.accountingEventsPerSecond)} events/s`
                : `kept up: lag ${fmtInt(c.accountingLagAtEnd)} at the end, max ${fmtInt(c.maxLagDuringIngest)} during`) +
              `; all projections at 0 after ${fmtS(Math.max(...Object.values(c.drainSeconds)))} s`
            : '–'
        } | ` +
        `${r.rebuild ? `${fmtInt(r.rebuild.eventsPerSecond)} events/s (${fmtS(r.rebuild.seconds)} s, RSS ${fmtInt(r.rebuild.peakRssMb)} MB${r.rebuild.wcharMb != null ? `, wrote ${fmtInt(r.rebuild.wcharMb)} MB` : ''})` : '–'} | ` +
        `${L ? `${fmtInt(L.requestsPerSecond)}, ${fmtMs(L.p50Ms)} / ${fmtMs(L.p99Ms)} / ${fmtMs(L.maxMs)}` : '–'} | ${P ? `${fmtMs(P.p50Ms)} / ${fmtMs(P.p99Ms)}` : '–'} | ` +
        `${L?.meanEntries != null ? L.meanEntries.toFixed(1) : '–'} | ${fmtInt(r.rss?.peakMb)} MB (${fmtInt(r.rss?.ingestMb)} / ${fmtInt(r.rss?.queryMb)}) | ` +
        `${r.sizes ? `${fmtInt(r.sizes.eventsMb)} + ${fmtInt(r.sizes.readModelsMb)} MB` : '–'} | ${status} |`,
    );
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  for (const t of report.targetVerdicts) lines.push(`| ${t.target} | ${escapeCell(t.measured)} | ${t.verdict} |`);
  for (const r of report.results) if (r.readModels) lines.push('', ...readModelCostLines(r));
  if (!full) {
    lines.push('');
    lines.push(
      `Extrapolated to ${fmtInt(FULL.members)} members / ${fmtInt(FULL.disclosures)} disclosures (linear in events; ` +
        'per-member work is the same, ~10 disclosures per member at every scale):',
    );
    lines.push('');
    lines.push('| engine | events | ingestion | rebuild accounting | disk (events + read models) |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const r of report.results) {
      const x = extrapolate(r);
      if (!x) continue;
      lines.push(
        `| ${r.label} | ≈ ${fmtInt(x.events)} | ≈ ${fmtDuration(x.ingestSeconds)} | ≈ ${fmtDuration(x.rebuildSeconds)} | ` +
          `≈ ${x.eventsGb?.toFixed(1)} + ${x.readModelsGb?.toFixed(1)} GB |`,
      );
    }
    lines.push('');
    lines.push(
      'The extrapolation is optimistic: rebuild rates are measured on read models far smaller than the page cache, and ' +
        'at 10M events the B-tree inserts and member lookups go to disk more often. (Batches and the bulk import read ' +
        "each line's member's facts through a partial index, not the member's disclosures: their reads do not grow with " +
        "the members' history.)",
    );
  }
  lines.push('');
  lines.push(
    'Events include the authorizations (1% of members) and one BreachAssessmentRequired per impermissible disclosure. ' +
      'Catch-up after ingestion: the projections run inside the server while it ingests, so what is measured is the lag left when the last ' +
      'batch is answered and the time until `GET /health/ready` shows lag 0 for every projection; when the accounting projection kept up with ' +
      'ingestion its rate there is the ingestion rate, and the from-scratch rebuild (`phi-ledger projections rebuild accounting`, server stopped, ' +
      'same data; the log head divided by wall time, start-up included) is the figure judged against the target. Query latency is per request as the ' +
      `load generator sees it on the same 2 cores (closed loop: at C=16, p50 ≈ 16 / req/s); the C=1 probe is the service time without queueing. ` +
      'Members are drawn uniformly over all member ids; every response must be 200 (a tenth are parsed for the entry count). RSS: ' +
      '`process_resident_memory_bytes` from `/metrics`, sampled every second (0.5 s during queries). ' +
      `Load average ${report.results.map((r) => `${r.label} ${r.loadavg.start} → ${r.loadavg.end}`).join(', ')}. Full results: \`bench/results/${NAME}-latest.json\`.`,
  );
  return lines.join('\n');
}

/** The read-model cost breakdown of one engine's run (readModelCosts) as a table. */
function readModelCostLines(r) {
  const models = r.readModels;
  const floor = Math.min(...models.map((m) => m.seconds));
  const events = r.counts?.events ?? r.rebuild?.events;
  const us = (v) => (v == null ? '–' : v < 10 ? v.toFixed(1) : fmtInt(v));
  const lines = [
    `What each read model costs (${r.label}, ${fmtInt(events)} events): each rebuilt alone from the same log ` +
      '(`phi-ledger projections rebuild <name>`), the bytes that process wrote (`wchar`: on SQLite its WAL, checkpoints ' +
      'and files; on PostgreSQL what it sent to the server, whose own writes are not counted), the disk its tables and ' +
      'indexes take, and the seconds plain SQL took to write the same rows in the raw ceiling (SQLite). Every rebuild ' +
      'alone also reads and parses ' +
      `the whole log and starts the CLI: the fastest (${fmtS(floor)} s) is that floor.`,
    '',
    '| read model | rebuilt alone: s (events/s) | µs per event above the floor | written: MB (bytes per event) | disk: MB (bytes per disclosure) | plain SQL, same rows: µs per event |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const m of models)
    lines.push(
      `| ${m.name} | ${fmtS(m.seconds)} (${fmtInt(m.eventsPerSecond)}) | ${us(m.usAboveFloor)} | ` +
        `${m.wcharMb == null ? '–' : `${fmtInt(m.wcharMb)} (${fmtInt((m.wcharMb * 2 ** 20) / events)})`} | ` +
        `${m.diskMb < 1 ? m.diskMb.toFixed(2) : fmtInt(m.diskMb)} (${fmtInt(m.bytesPerDisclosure)}) | ${us(m.ceilingUsPerEvent)} |`,
    );
  const sum = (f) => (models.every((m) => f(m) == null) ? null : models.reduce((total, m) => total + (f(m) ?? 0), 0));
  lines.push(
    `| all, alone one after another | ${fmtS(sum((m) => m.seconds))} | ${us(sum((m) => m.usAboveFloor))} | ` +
      `${fmtInt(sum((m) => m.wcharMb))} | ${fmtInt(sum((m) => m.diskMb))} | ${us(sum((m) => m.ceilingUsPerEvent))} |`,
  );
  if (r.rebuild)
    lines.push(
      `| all together (the rebuild above) | ${fmtS(r.rebuild.seconds)} (${fmtInt(r.rebuild.eventsPerSecond)}) | ` +
        `${us(((r.rebuild.seconds - floor) * 1e6) / events)} | ${r.rebuild.wcharMb == null ? '–' : fmtInt(r.rebuild.wcharMb)} | | |`,
    );
  return lines;
}

function writeDocs(table) {
  if (NAME === 'scale')
    writeDocsSection(
      'scale',
      'Scale: bulk import beside its raw ceiling, rebuild, queries, memory',
      SCALE_INTRO,
      table,
    );
  else writeDocsSection('accounting', 'Accounting: ingestion, projection catch-up, queries', INTRO, table);
}

async function main() {
  if (process.argv.includes('--render')) {
    const file = process.argv[process.argv.indexOf('--render') + 1] ?? join(RESULTS_DIR, `${NAME}-latest.json`);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    report.targetVerdicts = targetRows(report.results);
    const table = markdown(report);
    console.log(table);
    if (!process.env.BENCH_NO_DOCS) writeDocs(table);
    return;
  }
  const seconds = envNum('BENCH_ACCOUNTING_SECONDS', 20, { integer: false });
  const cfg = {
    members: envNum('BENCH_ACCOUNTING_MEMBERS', FULL.members),
    disclosures: envNum('BENCH_ACCOUNTING_DISCLOSURES', FULL.disclosures),
    seconds,
    warmupSeconds: process.env.BENCH_ACCOUNTING_WARMUP_SECONDS
      ? Number(process.env.BENCH_ACCOUNTING_WARMUP_SECONDS)
      : Math.min(3, seconds),
    concurrency: envNum('BENCH_ACCOUNTING_CONCURRENCY', 16),
    ingestConnections: envNum('BENCH_ACCOUNTING_INGEST_CONNECTIONS', 4),
    batchSize: envNum('BENCH_ACCOUNTING_BATCH_SIZE', 1000),
    seed: envNum('BENCH_ACCOUNTING_SEED', 1),
    reuse: process.env.BENCH_ACCOUNTING_REUSE === '1',
    ingest: process.env.BENCH_ACCOUNTING_INGEST ?? 'batches',
    rebuild: process.env.BENCH_ACCOUNTING_REBUILD ?? 'accounting',
    breakdown: process.env.BENCH_ACCOUNTING_BREAKDOWN === '1',
    ceiling: process.env.BENCH_ACCOUNTING_CEILING === '1',
    memoryMb: process.env.BENCH_ACCOUNTING_MEMORY_MB ? Number(process.env.BENCH_ACCOUNTING_MEMORY_MB) : null,
    keep: process.env.BENCH_ACCOUNTING_KEEP === '1',
    range: dateRange(),
  };
  // Per-engine sizes (e.g. a smaller PostgreSQL smoke): BENCH_ACCOUNTING_<SQLITE|POSTGRES>_<MEMBERS|DISCLOSURES>.
  cfg.scale = Object.fromEntries(
    Object.keys(ENGINE_LABEL).map((e) => [
      e,
      {
        members: envNum(`BENCH_ACCOUNTING_${e.toUpperCase()}_MEMBERS`, cfg.members),
        disclosures: envNum(`BENCH_ACCOUNTING_${e.toUpperCase()}_DISCLOSURES`, cfg.disclosures),
      },
    ]),
  );
  const engines = (process.env.BENCH_ACCOUNTING_ENGINES ?? 'sqlite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of engines)
    if (!ENGINE_LABEL[e]) throw new Error(`unknown engine ${e} in BENCH_ACCOUNTING_ENGINES (sqlite, postgres)`);
  if (cfg.batchSize > 1000) throw new Error("BENCH_ACCOUNTING_BATCH_SIZE must be ≤ 1000 (the API's maximum)");
  if (!existsSync(startCommand(ROOT).entry))
    throw new Error('dist/ is missing: run `npm run build` (npm run bench:accounting does)');
  if (!existsSync(join(HERE, 'node_modules', 'autocannon')))
    throw new Error('autocannon is missing: run `npm run bench:install`');
  const { issueLocalToken } = await import(pathToFileURL(join(ROOT, 'dist', 'auth', 'token-verifier.js')).href);
  mkdirSync(DATA_DIR, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const admin = engines.includes('postgres')
    ? await openBenchDatabase(['server_version', 'fsync', 'synchronous_commit', 'shared_buffers'])
    : null;
  const startedAt = new Date();

  // Mix preview (first 100,000 of the same seeded stream) and the ETA at the rate the batch path usually reaches.
  const preview = {};
  let n = 0;
  for (const { kind } of disclosures({ ...cfg, total: 100_000 })) {
    preview[kind] = (preview[kind] ?? 0) + 1;
    n++;
  }
  console.log(
    `accounting bench: ${engines
      .map(
        (e) =>
          `${ENGINE_LABEL[e]} ${fmtInt(cfg.scale[e].members)} members / ` +
          `${fmtInt(cfg.scale[e].disclosures)} disclosures`,
      )
      .join(', ')} ` +
      `(${isoDay(cfg.range.start)} … ${isoDay(cfg.range.end)}), batches of ${cfg.batchSize} at ` +
      `${cfg.ingestConnections} connections, queries ${cfg.seconds} s at C=${cfg.concurrency}` +
      (admin ? `, PostgreSQL ${admin.settings.server_version} at ${new URL(DATABASE_URL).host}` : '') +
      `\n  mix: ${Object.entries(preview)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${((100 * v) / n).toFixed(1)}%`)
        .join(', ')}` +
      `\n  expect ${engines.map((e) => `~${fmtDuration(cfg.scale[e].disclosures / 3000)} of ingestion on ${ENGINE_LABEL[e]}`).join(', ')} at ~3,000 ` +
      'disclosures/s (a smaller run: BENCH_ACCOUNTING_MEMBERS=20000 BENCH_ACCOUNTING_DISCLOSURES=200000)',
  );

  const results = [];
  for (const engine of engines)
    results.push(await runEngine(engine, { ...cfg, ...cfg.scale[engine] }, admin, issueLocalToken));
  if (admin) await admin.bench.end();

  const { range: _range, scale: _scale, ...cfgOut } = cfg;
  const report = {
    benchmark: NAME,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ...cfgOut,
    scale: Object.fromEntries(engines.map((e) => [e, cfg.scale[e]])),
    range: { from: isoDay(cfg.range.start), to: isoDay(cfg.range.end) },
    mixPreview: Object.fromEntries(Object.entries(preview).map(([k, v]) => [k, v / n])),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: os.totalmem() / 2 ** 30,
    host: os.hostname(),
    postgres: admin?.settings ?? null,
    targets: TARGETS,
    results,
  };
  report.targetVerdicts = targetRows(results);
  report.extrapolated = Object.fromEntries(results.map((r) => [r.engine, extrapolate(r)]));
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${NAME}-latest.json`), json);
  const table = markdown(report);
  console.log(`\n${table}\n`);
  for (const t of report.targetVerdicts)
    console.log(`target ${t.verdict.replace(/\*/g, '').toUpperCase().padEnd(28)} ${t.target}: ${t.measured}`);
  if (!process.env.BENCH_NO_DOCS) writeDocs(table);
  console.log(`wrote bench/results/${NAME}-latest.json${process.env.BENCH_NO_DOCS ? '' : ' and docs/benchmarks.md'}`);
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
}

const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  process.on('disconnect', () => process.exit(2));
  const kind = process.argv[childArg + 1];
  const spec = JSON.parse(process.argv[childArg + 2]);
  (kind === 'ingest' ? childIngest(spec) : childQuery(spec))
    .then(async (result) => {
      await send({ type: 'done', result });
      process.exit(0);
    })
    .catch((error) => {
      console.error(error?.stack ?? String(error));
      process.exit(1);
    });
} else {
  runToExit(() => main());
}
