#!/usr/bin/env node
/**
 * HTTP recording benchmark: the built service (`node dist/main.js`) as a real process, loaded with autocannon
 * (bench/package.json, installed by `npm run bench:install`) through real bearer tokens, on
 *   - SQLite, the embedded default (a fresh LEDGER_DATA_DIR under bench/data per case), and
 *   - PostgreSQL (LEDGER_STORE=postgres, DATABASE_URL, a fresh LEDGER_PG_SCHEMA per case, dropped afterwards).
 * Cases per engine:
 *   - single: POST /v1/disclosures, 64 connections, every request a new disclosureId and a realistic body
 *     (members spread over 100,000 ids, a mix of channels and legal bases); requests/s = durable disclosures/s.
 *   - batch:  POST /v1/disclosure-batches with 1,000-item batches at 4 and 8 connections; disclosures/s =
 *     requests/s × 1,000; every item result must be `created`.
 * Each case: fresh store, server started on a free port (LEDGER_LOG_LEVEL=warn), a recorder token minted with the
 * local key, a warm-up, the measured run in a child process (autocannon), then the durability check: the number of
 * PhiDisclosed events stored equals at least the disclosures the server acknowledged (2xx / `created`) during
 * warm-up and run; the excess is bounded by what was in flight when the load stopped.
 *
 * Environment:
 *   BENCH_HTTP_SECONDS          measured seconds per case (default 20; 3 for a smoke run)
 *   BENCH_HTTP_WARMUP_SECONDS   unmeasured load before each case (default min(3, BENCH_HTTP_SECONDS))
 *   BENCH_HTTP_ENGINES          comma list: sqlite,postgres (default both)
 *   BENCH_HTTP_CASES            comma list: single,batch (default both)
 *   BENCH_HTTP_CONNECTIONS      connections for single disclosures (default 64)
 *   BENCH_HTTP_LOAD             load generators for single disclosures: wrk,autocannon (default both when wrk is
 *                               installed, else autocannon); the target verdict uses wrk's row
 *   BENCH_HTTP_BATCH_CONNECTIONS comma list of connections for batches (default 4,8)
 *   BENCH_HTTP_BATCH_SIZE       items per batch (default 1000, the API's maximum)
 *   BENCH_HTTP_MEMBERS          distinct member ids the load spreads over (default 100000)
 *   BENCH_HTTP_PROFILE=1        also run the single case (=batch: the batch case) of the first engine (SQLite unless only postgres) once more with the server under
 *                               `node --cpu-prof --cpu-prof-dir bench/profiles`, and summarise self time
 *   BENCH_HTTP_BASELINE=<dir>   also run every case against the built checkout in <dir> (e.g. `git worktree add
 *                               ../before <commit> && (cd ../before && npm ci && npm run build)`), alternating the two
 *                               builds case by case on the same machine, and add a before/after table
 *   BENCH_HTTP_REPEATS          runs of each case per build (default 1); the before/after table gives medians
 *   BENCH_NO_DOCS=1             do not rewrite docs/benchmarks.md
 *
 * `node bench/http.bench.js --render [bench/results/http-latest.json]` re-summarises the saved profile and rewrites the
 * docs table without running anything (BENCH_HTTP_PROFILE_SKIP_MS overrides how much start-up is left out).
 *   DATABASE_URL                PostgreSQL server (default postgres://postgres@127.0.0.1:5432/phi_ledger_bench,
 *                               created if missing)
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DATABASE_URL,
  escapeCell,
  fmtInt,
  fmtMs,
  freePort,
  median,
  openBenchDatabase,
  processCpuSeconds,
  runToExit,
  startCommand,
  withDatabase,
  writeDocsSection,
} from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DATA_DIR = join(HERE, 'data'); // ignored by git (`data/`)
const RESULTS_DIR = join(HERE, 'results');
const INTRO =
  "Disclosures recorded through the HTTP API of the built service (`node dist/main.js` with the flags of `npm start`, started per case on a fresh store) with real bearer tokens: `POST /v1/disclosures` at 64 connections (every request a new disclosure, members spread over 100,000 ids, a mix of channels and legal bases), loaded by wrk (when installed; Debian package `wrk`) and by autocannon side by side, and `POST /v1/disclosure-batches` with 1,000-item batches at 4 and 8 connections, on SQLite (embedded default) and PostgreSQL. An acknowledged disclosure is durable (fsync on). Each case also reports the server's CPU per disclosure and how far the read models trail the log when the load stops. Regenerate with `npm run bench:http` (`BENCH_HTTP_SECONDS`, default 20; `BENCH_HTTP_PROFILE=1` or `=batch` adds a CPU profile of the server).";
const PROFILES_DIR = join(HERE, 'profiles'); // ignored by git

const TARGETS = {
  single: { sqlite: { disclosuresPerSecond: 5_000, p99Ms: 50 }, postgres: { disclosuresPerSecond: 3_000 } },
  batch: { disclosuresPerSecond: 50_000 },
};

const ENGINE_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const RUN_TAG = process.env.BENCH_RUN_TAG || `${Date.now().toString(36)}${process.pid.toString(36)}`;

// ---------------------------------------------------------------------------------------------------------------
// Workload: realistic disclosures (api.md "Commands"), every one with a new disclosureId
// ---------------------------------------------------------------------------------------------------------------

/** Kinds of disclosure a health plan records, with weights (per 100). */
const KINDS = [
  {
    w: 30,
    channel: 'government',
    purposeOfUse: 'PUBHLTH',
    cfr: '164.512(b)(1)(i)',
    recipients: [
      { name: 'State Dept. of Health', address: '1 Capitol Way, Albany, NY 12210', id: 'PHA-NY' },
      { name: 'County Department of Public Health', address: '200 Main St, Springfield', id: 'PHA-CTY-12' },
    ],
    phi: [
      'Immunization history',
      'Diagnosis and laboratory results for a notifiable condition',
      'Cancer registry abstract',
    ],
    purpose: [
      'Immunization registry reporting required by state law',
      'Mandatory reporting of a notifiable condition',
      'State cancer registry reporting',
    ],
    source: 'public-health-gateway',
  },
  {
    w: 20,
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
    w: 15,
    channel: 'business-associate',
    purposeOfUse: 'HPAYMT',
    cfr: '164.506(c)(1)',
    madeBy: 'Acme Claims Processing LLC',
    recipients: [{ name: 'Acme Claims Processing LLC', address: '9 Industrial Pkwy, Newark, NJ', id: 'BA-ACME' }],
    phi: ['Claim lines with diagnosis and procedure codes'],
    purpose: ['Claims adjudication on behalf of the plan'],
    source: 'claims',
  },
  {
    w: 10,
    channel: 'legal',
    purposeOfUse: 'HLEGAL',
    cfr: '164.512(e)(1)(ii)',
    writtenRequest: true,
    recipients: [
      { name: 'Law Offices of Smith & Jones', address: '12 Court St, Brooklyn, NY', id: 'LAW-SJ' },
      { name: 'Superior Court of Kings County', address: '360 Adams St, Brooklyn, NY', id: 'COURT-KINGS' },
    ],
    phi: ['Claims and payment history 2019-2023', 'Pharmacy claims'],
    purpose: ['Response to a subpoena with satisfactory assurances'],
    source: 'legal-intake',
  },
  {
    w: 8,
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
    w: 7,
    channel: 'family',
    purposeOfUse: 'FAMRQT',
    cfr: '164.510(b)(1)(i)',
    recipients: [{ name: 'Spouse of the member' }],
    phi: ['Status of a pending claim'],
    purpose: ['Member agreed to share claim status with a family member'],
    source: 'member-services',
  },
  {
    w: 5,
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
    w: 3,
    channel: 'research',
    purposeOfUse: 'HRESCH',
    cfr: '164.512(i)(1)(i)',
    recipients: [{ name: 'State University School of Public Health', address: '1 University Plaza', id: 'RES-SU' }],
    phi: ['Diagnoses and laboratory results'],
    purpose: ['Research approved with an IRB waiver of authorization'],
    source: 'research-office',
    period: true,
  },
  {
    w: 1,
    channel: 'tracking-technology',
    purposeOfUse: null,
    cfr: null,
    permitted: false,
    recipients: [{ name: 'Ad Network Inc.', id: 'ADS-1' }],
    phi: ['Member portal page views with IP address'],
    purpose: ['Analytics pixel on the member portal'],
    source: 'web-portal',
  },
  {
    w: 1,
    channel: 'individual',
    purposeOfUse: 'PATRQT',
    cfr: '164.502(a)(1)(i)',
    recipients: [{ name: 'The member' }],
    phi: ['Explanation of benefits'],
    purpose: ['Member request'],
    source: 'member-services',
  },
];
const KIND_TABLE = KINDS.flatMap((k) => Array(k.w).fill(k));
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const DAY = 86_400_000;
const FROM = Date.UTC(2021, 0, 1);
const SPAN = Date.UTC(2025, 11, 31) - FROM;

function makeDisclosure(disclosureId, members) {
  const k = pick(KIND_TABLE);
  const memberId = `M-${Math.floor(Math.random() * members)
    .toString()
    .padStart(6, '0')}`;
  const at = FROM + Math.floor(Math.random() * SPAN);
  const body = { disclosureId, memberId };
  if (k.period) {
    body.occurredPeriod = {
      from: new Date(at).toISOString().slice(0, 10),
      to: new Date(at + 30 * DAY).toISOString().slice(0, 10),
    };
  } else {
    body.occurredAt = new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }
  body.recipient = pick(k.recipients);
  body.channel = k.channel;
  if (k.madeBy) body.madeBy = k.madeBy;
  body.phiDescription = pick(k.phi);
  body.purpose = pick(k.purpose);
  body.purposeOfUse = k.purposeOfUse;
  body.legalBasis = { cfr: k.cfr, permitted: k.permitted ?? true, authorizationId: null, rationale: null };
  body.writtenRequestRef = k.writtenRequest ? `REQ-${Math.floor(Math.random() * 1e6)}` : null;
  body.researchProtocolId = null;
  body.sensitivity = { part2: false, minorConsented: false };
  body.sourceSystem = k.source;
  return body;
}

const SAMPLE_BYTES = (() => {
  let total = 0;
  for (let i = 0; i < 1000; i++)
    total += Buffer.byteLength(JSON.stringify(makeDisclosure(`http-sample-${i}`, 100_000)));
  return Math.round(total / 1000);
})();

// ---------------------------------------------------------------------------------------------------------------
// Child: the load generator for one case (autocannon), reports over IPC
// ---------------------------------------------------------------------------------------------------------------

async function runChild(spec) {
  const send = (msg) => new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));
  const require = createRequire(join(HERE, 'package.json'));
  const autocannon = require('autocannon');
  const { kind, url, token, connections, seconds, warmupSeconds, batchSize, members, caseTag } = spec;
  const path = kind === 'single' ? '/v1/disclosures' : '/v1/disclosure-batches';
  let seq = 0;
  const nextId = () => `h-${caseTag}-${(seq++).toString(36)}`;

  // Counters over warm-up and run (the durability check needs every acknowledged disclosure).
  const total = { acknowledged: 0, responses: 0, non2xx: 0, itemsNotCreated: 0, firstProblem: null, statuses: {} };
  // Disclosures put in request bodies, and those a response answered (acknowledged, rejected or refused): the
  // difference is what was in flight (or built but never sent) when autocannon stopped.
  let issuedItems = 0;
  let answeredItems = 0;
  let phase = null; // the measured phase's counters
  let latencies = null;
  const noteProblem = (text) => {
    if (!total.firstProblem) {
      total.firstProblem = text.slice(0, 500);
      void send({ type: 'error', message: total.firstProblem });
    }
  };
  const onResponse = (status, body) => {
    total.responses++;
    total.statuses[status] = (total.statuses[status] ?? 0) + 1;
    if (phase) phase.responses++;
    answeredItems += kind === 'single' ? 1 : batchSize;
    if (status < 200 || status > 299) {
      total.non2xx++;
      if (phase) phase.non2xx++;
      noteProblem(`HTTP ${status}: ${String(body).slice(0, 400)}`);
      return;
    }
    if (kind === 'single') {
      total.acknowledged++;
      if (phase) phase.acknowledged++;
      return;
    }
    let created = 0;
    let notCreated = 0;
    try {
      for (const r of JSON.parse(body).results) {
        if (r.status === 'created') created++;
        else {
          notCreated++;
          noteProblem(`batch item ${r.index}: ${r.status} ${JSON.stringify(r.problem ?? {}).slice(0, 400)}`);
        }
      }
    } catch (error) {
      notCreated++;
      noteProblem(`unreadable batch response: ${error.message}`);
    }
    total.acknowledged += created;
    total.itemsNotCreated += notCreated;
    if (phase) {
      phase.acknowledged += created;
      phase.itemsNotCreated += notCreated;
    }
  };

  const request = {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    setupRequest: (req) => {
      issuedItems += kind === 'single' ? 1 : batchSize;
      req.body =
        kind === 'single'
          ? JSON.stringify(makeDisclosure(nextId(), members))
          : JSON.stringify({ items: Array.from({ length: batchSize }, () => makeDisclosure(nextId(), members)) });
      return req;
    },
    onResponse,
  };

  const run = (duration, measured) =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections,
          duration,
          timeout: kind === 'single' ? 10 : 60,
          requests: [request],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      let lastTick = 0;
      instance.on('response', (_client, _status, _bytes, responseTime) => {
        if (measured && latencies.length < 5_000_000) latencies.push(responseTime);
      });
      instance.on('tick', () => {
        const now = performance.now();
        if (now - lastTick < 900) return;
        lastTick = now;
        void send({
          type: 'progress',
          measured,
          acknowledged: total.acknowledged,
          responses: total.responses,
          non2xx: total.non2xx,
          itemsNotCreated: total.itemsNotCreated,
        });
      });
    });

  if (warmupSeconds > 0) {
    send({ type: 'phase', phase: 'warm-up' });
    await run(warmupSeconds, false);
  }
  const warmup = { ...total, statuses: { ...total.statuses } };
  phase = { acknowledged: 0, responses: 0, non2xx: 0, itemsNotCreated: 0 };
  latencies = [];
  send({ type: 'phase', phase: 'measured' });
  const t0 = performance.now();
  const result = await run(seconds, true);
  const elapsed = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p) =>
    sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  await send({
    type: 'result',
    result: {
      seconds: result.duration ?? elapsed,
      requests: phase.responses,
      requestsPerSecond: phase.responses / (result.duration ?? elapsed),
      disclosuresPerSecond: phase.acknowledged / (result.duration ?? elapsed),
      acknowledgedInRun: phase.acknowledged,
      non2xx: phase.non2xx,
      itemsNotCreated: phase.itemsNotCreated,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      p50Ms: pct(50),
      p975Ms: pct(97.5),
      p99Ms: pct(99),
      maxMs: sorted.length ? sorted[sorted.length - 1] : null,
      autocannonLatency: {
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      throughputBytesPerSecond: result.throughput?.average ?? null,
      warmup: { acknowledged: warmup.acknowledged, responses: warmup.responses, non2xx: warmup.non2xx },
      acknowledged: total.acknowledged, // warm-up + run
      unanswered: issuedItems - answeredItems, // in flight (or built, unsent) when the load stopped
      responses: total.responses,
      statuses: total.statuses,
      firstProblem: total.firstProblem,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: resources, the server, the load child, verification, output
// ---------------------------------------------------------------------------------------------------------------

async function countSqliteDisclosures(file) {
  if (!existsSync(file)) return null;
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    return Number(db.prepare(`SELECT count(*) AS n FROM events WHERE type = 'PhiDisclosed'`).get().n);
  } catch {
    return null;
  } finally {
    db.close();
  }
}

async function countPgDisclosures(client, schema) {
  try {
    return Number(
      (await client.query(`SELECT count(*)::bigint AS n FROM "${schema}".events WHERE type = 'PhiDisclosed'`)).rows[0]
        .n,
    );
  } catch {
    return null;
  }
}

async function startServer({ env, profile, root }) {
  const port = await freePort();
  const { flags: args, entry } = startCommand(root);
  if (profile) {
    mkdirSync(PROFILES_DIR, { recursive: true });
    args.push(
      '--cpu-prof',
      '--cpu-prof-dir',
      PROFILES_DIR,
      '--import',
      pathToFileURL(join(HERE, 'http-profile-exit.js')).href,
    );
  }
  args.push(entry);
  let output = '';
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env, PORT: String(port), LEDGER_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d) => (output = (output + d.toString()).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server was not ready in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  /** every sample of a metric on /metrics (one per label set) */
  const metricValues = async (name) => {
    const text = await fetch(`${base}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'gm'))].map((m) => Number(m[1]));
  };
  return {
    base,
    port,
    readyMs: performance.now() - spawnedAt,
    logs: () => output,
    /** CPU seconds the server has used so far: all its threads, and its main thread (the event loop); null off Linux */
    cpuSeconds: () => processCpuSeconds(child.pid),
    /** the largest number of events a projection has not applied yet (from /metrics) */
    async projectionLag() {
      const lags = await metricValues('phi_ledger_projection_lag_events');
      return lags.length ? Math.max(...lags) : null;
    },
    async headPosition() {
      const [head] = await metricValues('phi_ledger_log_head_position');
      return head ?? null;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
}

/** After the load stops: how far the read models are behind the log, and how long they take to catch up (≤ 300 s). */
async function projectionCatchUp(server) {
  const behind = await server.projectionLag();
  if (behind == null) return { behindAtEnd: null, catchUpSeconds: null };
  const started = performance.now();
  let lag = behind;
  while (lag > 0 && performance.now() - started < 300_000) {
    await new Promise((r) => setTimeout(r, 100));
    lag = (await server.projectionLag()) ?? 0;
  }
  return { behindAtEnd: behind, catchUpSeconds: lag > 0 ? null : (performance.now() - started) / 1000 };
}

function makeProgress(totalSeconds) {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  if (tty) {
    return import('cli-progress').then(({ default: cliProgress }) => ({
      start(label) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${label.padEnd(40)} {bar} {value}/{total} s | {phase} | {rate} disclosures/s | non-2xx {errors}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        this.t0 = performance.now();
        this.last = { t: this.t0, acknowledged: 0 };
        this.bar.start(totalSeconds, 0, { phase: 'starting', rate: 0, errors: 0 });
      },
      update(msg, phase) {
        const now = performance.now();
        const rate = Math.round((msg.acknowledged - this.last.acknowledged) / ((now - this.last.t) / 1000 || 1));
        this.last = { t: now, acknowledged: msg.acknowledged };
        this.bar.update(Math.min(totalSeconds, Math.round((now - this.t0) / 1000)), {
          phase,
          rate,
          errors: msg.non2xx + msg.itemsNotCreated,
        });
      },
      stop(line) {
        this.bar.stop();
        if (line) console.log(`  ${line}`);
      },
    }));
  }
  return Promise.resolve({
    start(label) {
      this.label = label;
      this.t0 = performance.now();
      this.last = { t: this.t0, acknowledged: 0, printed: 0 };
      console.log(`${label}: started`);
    },
    update(msg, phase) {
      const now = performance.now();
      if (now - this.last.printed < 5000) return;
      const rate = Math.round((msg.acknowledged - this.last.acknowledged) / ((now - this.last.t) / 1000 || 1));
      this.last = { t: now, acknowledged: msg.acknowledged, printed: now };
      console.log(
        `${this.label}: ${Math.round((now - this.t0) / 1000)}/${totalSeconds} s, ${phase}, ${rate} disclosures/s, ` +
          `${msg.acknowledged} acknowledged, non-2xx ${msg.non2xx}, items not created ${msg.itemsNotCreated}`,
      );
    },
    stop(line) {
      console.log(`${this.label}: ${line}`);
    },
  });
}

/**
 * The single-disclosure case with wrk (C, Debian package `wrk`) as the load generator: it spends a fraction of
 * autocannon's CPU per request, which on a 2-core machine shared with the server is CPU the server gets back.
 * Bodies are the same realistic mix (pre-generated, one per line; bench/wrk-disclosures.lua puts in a new
 * disclosureId and a random member of the same 100,000 per request, as the autocannon load does). wrk counts non-2xx/3xx answers; everything else it completed is acknowledged.
 */
async function runWrk({ url, token, connections, seconds, warmupSeconds, members, caseTag }, progress, onPhase) {
  const bodiesFile = join(DATA_DIR, `wrk-bodies-${caseTag}.jsonl`);
  const lines = [];
  for (let i = 0; i < 20_000; i++)
    lines.push(JSON.stringify({ ...makeDisclosure('__ID__', members), memberId: '__MEMBER__' }));
  writeFileSync(bodiesFile, `${lines.join('\n')}\n`);
  const phaseRun = (phase, duration) =>
    new Promise((resolve) => {
      onPhase(phase);
      const args = [
        '-t1',
        `-c${connections}`,
        `-d${duration}s`,
        '--timeout',
        '10s',
        '--latency',
        '-s',
        join(HERE, 'wrk-disclosures.lua'),
        url,
        '--',
        bodiesFile,
        token,
        `w-${caseTag}-${phase}`,
        String(members),
      ];
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d.toString()));
      child.stderr.on('data', (d) => (output += d.toString()));
      const started = performance.now();
      const tick = setInterval(() => progress.update({ acknowledged: 0, non2xx: 0, itemsNotCreated: 0 }, phase), 1000);
      child.on('exit', (code) => {
        clearInterval(tick);
        const line = output.split('\n').find((l) => l.startsWith('WRK_RESULT '));
        resolve({
          code,
          output,
          elapsed: (performance.now() - started) / 1000,
          result: line ? JSON.parse(line.slice(11)) : null,
        });
      });
    });
  try {
    const warm = warmupSeconds > 0 ? await phaseRun('warm-up', warmupSeconds) : { result: { requests: 0, non2xx: 0 } };
    const run = await phaseRun('measured', seconds);
    if (!run.result || !warm.result) {
      return {
        status: 'crashed',
        exit: run.code,
        loadOutputTail: `${warm.output ?? ''}${run.output}`.trim().split('\n').slice(-8).join('\n'),
        acknowledged: null,
        disclosuresPerSecond: null,
        requestsPerSecond: null,
        p50Ms: null,
        p99Ms: null,
      };
    }
    const w = run.result;
    const runSeconds = w.durationUs / 1e6;
    const acknowledgedInRun = w.requests - w.non2xx;
    const warmAcknowledged = warm.result.requests - warm.result.non2xx;
    return {
      status: 'ok',
      exit: run.code,
      loadOutputTail: '',
      loadGenerator: 'wrk',
      seconds: runSeconds,
      requests: w.requests,
      requestsPerSecond: w.requests / runSeconds,
      disclosuresPerSecond: acknowledgedInRun / runSeconds,
      acknowledgedInRun,
      non2xx: w.non2xx + warm.result.non2xx,
      itemsNotCreated: 0,
      socketErrors: w.connectErrors + w.readErrors + w.writeErrors,
      timeouts: w.timeouts,
      p50Ms: w.p50Us / 1000,
      p975Ms: w.p975Us / 1000,
      p99Ms: w.p99Us / 1000,
      maxMs: w.maxUs / 1000,
      warmup: { acknowledged: warmAcknowledged, responses: warm.result.requests, non2xx: warm.result.non2xx },
      acknowledged: warmAcknowledged + acknowledgedInRun,
      // wrk closes its connections at the end of each phase; a request in flight then was sent and never answered
      unanswered: connections * (warmupSeconds > 0 ? 2 : 1),
      responses: warm.result.requests + w.requests,
      firstProblem: w.non2xx > 0 ? `${w.non2xx} non-2xx answers (wrk does not keep bodies)` : null,
    };
  } finally {
    rmSync(bodiesFile, { force: true });
  }
}

/** `onPhase(phase)` is called as each phase ('warm-up', 'measured') starts. */
function runLoad(spec, progress, timeoutS, onPhase = () => undefined) {
  if (spec.loadGenerator === 'wrk') return runWrk(spec, progress, onPhase);
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, BENCH_RUN_TAG: RUN_TAG },
    });
    let output = '';
    const keep = (d) => (output = (output + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let result = null;
    let status = 'ok';
    let phase = 'starting';
    let last = { acknowledged: 0, non2xx: 0, itemsNotCreated: 0 };
    let firstError = null;
    const started = performance.now();
    const timer = setInterval(() => {
      if (performance.now() - started > timeoutS * 1000) {
        status = 'timeout';
        child.kill('SIGKILL');
      }
    }, 250);
    child.on('message', (msg) => {
      if (msg.type === 'progress') {
        last = msg;
        progress.update(msg, phase);
      } else if (msg.type === 'phase') {
        phase = msg.phase;
        onPhase(phase);
      } else if (msg.type === 'error') {
        firstError ??= msg.message;
      } else if (msg.type === 'result') {
        result = msg.result;
      }
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (!result) {
        if (status === 'ok') status = 'crashed';
        result = {
          acknowledged: last.acknowledged,
          non2xx: last.non2xx,
          itemsNotCreated: last.itemsNotCreated,
          firstProblem: firstError,
          seconds: (performance.now() - started) / 1000,
          disclosuresPerSecond: null,
          requestsPerSecond: null,
          p50Ms: null,
          p99Ms: null,
        };
      }
      resolve({
        status,
        exit: signal ?? code,
        loadOutputTail: output.trim().split('\n').slice(-8).join('\n'),
        ...result,
      });
    });
  });
}

function caseLabel(r) {
  return (
    `${r.build ? `${r.build}: ` : ''}${ENGINE_LABEL[r.engine]} ${r.kind === 'single' ? 'single' : `batch ×${r.batchSize}`} C=${r.connections}` +
    `${r.kind === 'single' ? ` (${r.loadGenerator ?? 'autocannon'})` : ''}${r.profiled ? ' (profiled)' : ''}` +
    `${r.repeat ? ` #${r.repeat}` : ''}`
  );
}

function targetRows(results) {
  const rows = [];
  const ok = (r) => r && r.status === 'ok' && r.verified !== false;
  const verdict = (pass, measured) => (measured ? (pass ? 'met' : 'missed') : 'not measured');
  for (const engine of ['sqlite', 'postgres']) {
    if (!results.some((r) => r.engine === engine)) continue;
    // the wrk row when there is one (least load-generator CPU taken from the server), else autocannon's
    const singles = results.filter((r) => r.engine === engine && r.kind === 'single' && !r.profiled);
    const single = singles.find((r) => r.loadGenerator === 'wrk') ?? singles[0];
    const t = TARGETS.single[engine];
    if (single) {
      const rate = single.disclosuresPerSecond;
      const passRate = ok(single) && rate >= t.disclosuresPerSecond;
      const passP99 = t.p99Ms == null || (single.p99Ms != null && single.p99Ms <= t.p99Ms);
      rows.push({
        target:
          `${ENGINE_LABEL[engine]}: ≥ ${fmtInt(t.disclosuresPerSecond)} durable disclosures/s` +
          `${t.p99Ms ? ` with p99 ≤ ${t.p99Ms} ms` : ''} (single, C=${single.connections}, ${single.loadGenerator ?? 'autocannon'})`,
        measured:
          `${fmtInt(rate)}/s${t.p99Ms ? `, p99 ${fmtMs(single.p99Ms)} ms` : ''}` +
          `${ok(single) ? '' : ` (${single.verified === false ? 'lost writes' : single.status})`}`,
        verdict: verdict(passRate && passP99, rate != null),
      });
    }
    const batches = results.filter((r) => r.engine === engine && r.kind === 'batch' && ok(r));
    const anyBatch = results.some((r) => r.engine === engine && r.kind === 'batch');
    if (anyBatch) {
      const best = batches.sort((a, b) => b.disclosuresPerSecond - a.disclosuresPerSecond)[0];
      rows.push({
        target: `${ENGINE_LABEL[engine]}: ≥ ${fmtInt(TARGETS.batch.disclosuresPerSecond)} disclosures/s through batches`,
        measured: best
          ? `${fmtInt(best.disclosuresPerSecond)}/s (C=${best.connections})`
          : '– (no batch case completed cleanly)',
        verdict: verdict(best && best.disclosuresPerSecond >= TARGETS.batch.disclosuresPerSecond, Boolean(best)),
      });
    }
  }
  return rows;
}

/** With BENCH_HTTP_BASELINE: each case's rate and server CPU per disclosure, before and after, side by side (medians of
 * the repeats, with their range). */
function beforeAfterRows(results) {
  const [before, after] = [...new Set(results.map((r) => r.build).filter(Boolean))];
  if (!after) return [];
  const key = (r) => `${r.engine} ${r.kind} ${r.connections} ${r.loadGenerator ?? ''} ${r.profiled}`;
  const summary = (runs, pick) => {
    const xs = runs.map(pick).filter((x) => x != null);
    if (xs.length === 0) return { median: null, text: '–' };
    const m = median(xs);
    return {
      median: m,
      text: xs.length > 1 ? `${fmtInt(m)} (${fmtInt(Math.min(...xs))}–${fmtInt(Math.max(...xs))})` : fmtInt(m),
    };
  };
  const rows = [];
  for (const k of [...new Set(results.filter((r) => r.build === before).map(key))]) {
    const runsOf = (build) => results.filter((r) => r.build === build && key(r) === k);
    const [b, a] = [runsOf(before), runsOf(after)];
    const rate = [summary(b, (r) => r.disclosuresPerSecond), summary(a, (r) => r.disclosuresPerSecond)];
    const cpu = [summary(b, (r) => r.serverCpu?.usPerDisclosure), summary(a, (r) => r.serverCpu?.usPerDisclosure)];
    const change =
      cpu[0].median && cpu[1].median
        ? `${cpu[1].median >= cpu[0].median ? '+' : ''}${(((cpu[1].median - cpu[0].median) / cpu[0].median) * 100).toFixed(1)}%`
        : '–';
    const label = caseLabel({ ...b[0], build: null, repeat: null });
    rows.push(
      `| ${label} | ${b.length} + ${a.length} | ${rate[0].text} → ${rate[1].text} | ${cpu[0].text} → ${cpu[1].text} | ${change} |`,
    );
  }
  return rows;
}

function markdown(report) {
  const lines = [];
  const smoke = report.seconds < 20;
  lines.push(
    `Run ${report.startedAt} · ${report.seconds} s measured per case (+${report.warmupSeconds} s warm-up) · ` +
      `single-disclosure body ~${report.bodyBytes} B, ${fmtInt(report.members)} members · Node ${report.node} · ${report.cpus} CPUs` +
      ` (load generator on the same machine)` +
      (report.postgres
        ? ` · PostgreSQL ${report.postgres.server_version.split(' ')[0]} (fsync=${report.postgres.fsync},` +
          ` synchronous_commit=${report.postgres.synchronous_commit})`
        : '') +
      ` · \`npm run bench:http\`${smoke ? ` with BENCH_HTTP_SECONDS=${report.seconds} (**smoke run: too short for real figures**)` : ''}.`,
  );
  lines.push('');
  lines.push(
    '| case | disclosures/s | requests/s | p50 ms | p97.5 ms | p99 ms | server CPU µs/disclosure (event loop) | read models behind at end → caught up | non-2xx / items not created / socket errors | stored / acknowledged | status |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|---|---|---|');
  for (const r of report.results) {
    const stored =
      r.stored == null
        ? '?'
        : `${fmtInt(r.stored)} / ${fmtInt(r.acknowledged)}` +
          (r.unanswered ? ` (+ ≤ ${fmtInt(r.unanswered)} unanswered)` : '');
    const status =
      r.status !== 'ok'
        ? `**${r.status}**${r.firstProblem ? `: ${escapeCell(r.firstProblem).slice(0, 120)}` : ''}`
        : r.verified === false
          ? '**lost writes**'
          : r.errorsTotal > 0
            ? `errors${r.firstProblem ? `: ${escapeCell(r.firstProblem).slice(0, 120)}` : ''}`
            : 'ok';
    const cpu = r.serverCpu
      ? `${fmtInt(r.serverCpu.usPerDisclosure)} (${fmtInt(r.serverCpu.mainThreadUsPerDisclosure)})`
      : '–';
    const readModels =
      r.readModels?.behindAtEnd == null
        ? '–'
        : `${fmtInt(r.readModels.behindAtEnd)} events → ${r.readModels.catchUpSeconds == null ? 'not in 300 s' : `${r.readModels.catchUpSeconds.toFixed(1)} s`}`;
    lines.push(
      `| ${caseLabel(r)} | ${fmtInt(r.disclosuresPerSecond)} | ${fmtInt(r.requestsPerSecond)} | ${fmtMs(r.p50Ms)} | ` +
        `${fmtMs(r.p975Ms)} | ${fmtMs(r.p99Ms)} | ${cpu} | ${readModels} | ${fmtInt(r.non2xx)} / ${fmtInt(r.itemsNotCreated)} / ${fmtInt(r.socketErrors)} | ${stored} | ${status} |`,
    );
  }
  const compared = beforeAfterRows(report.results);
  if (compared.length > 0) {
    lines.push('');
    lines.push('Before and after, same run, builds alternating case by case (medians of the runs, range in brackets):');
    lines.push('');
    lines.push(
      '| case | runs before + after | disclosures/s before → after | server CPU µs/disclosure before → after | change in CPU (medians) |',
    );
    lines.push('|---|---|---|---|---:|');
    for (const row of compared) lines.push(row);
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  for (const t of report.targetVerdicts) lines.push(`| ${t.target} | ${escapeCell(t.measured)} | ${t.verdict} |`);
  lines.push('');
  lines.push(
    'Latency is per request (a batch request carries 1,000 disclosures). "stored / acknowledged" counts PhiDisclosed' +
      ' events in the store after the case against disclosures the server acknowledged (201, or `created` items) during' +
      ' warm-up and run; stored may exceed acknowledged only by disclosures sent but unanswered when the load stopped' +
      ' (autocannon drops in-flight requests at the end of each phase), never fall short.' +
      ' Each case starts the built server on a fresh store; the load generator (autocannon) shares the 2 cores with it.' +
      ' "Server CPU" is the CPU time of the server process (all threads: event loop, store writer, projections, GC helpers;' +
      ' in brackets the event loop alone) during the measured run, per disclosure acknowledged in it: at 50,000 disclosures/s,' +
      ' 2 cores allow 40 µs. "Read models behind" is how many events the projections had not applied when the load stopped' +
      ' (recording never waits for them) and how long they took to catch up.' +
      ' Full results: `bench/results/http-latest.json`.',
  );
  if (report.profile?.summary) {
    const s = report.profile.summary;
    lines.push('');
    const profiled = report.results.find((r) => r.profiled);
    const which =
      profiled?.kind === 'batch'
        ? `batch case (×${profiled.batchSize}, C=${profiled.connections}; \`BENCH_HTTP_PROFILE=batch\``
        : 'single-disclosure case (`BENCH_HTTP_PROFILE=1`';
    lines.push(
      `Profile of the server in the ${ENGINE_LABEL[profiled?.engine] ?? 'SQLite'} ${which}, \`node --cpu-prof\`;` +
        ` ${(s.busyMs / 1000).toFixed(1)} s busy of ${(s.totalMs / 1000).toFixed(1)} s after start-up` +
        `${s.skippedMs ? `, the first ${(s.skippedMs / 1000).toFixed(1)} s left out` : ''}; one token, which the server caches` +
        ' after its first verification), self time by area:',
    );
    lines.push('');
    lines.push('| area | self ms | % of busy |');
    lines.push('|---|---:|---:|');
    for (const t of s.themes.filter((x) => x.theme !== 'idle' && x.busyPct >= 0.1))
      lines.push(`| ${escapeCell(t.theme)} | ${fmtInt(t.selfMs)} | ${t.busyPct.toFixed(1)}% |`);
    lines.push('');
    lines.push('Top functions by self time:');
    lines.push('');
    lines.push('| # | function | where | self ms | % of busy |');
    lines.push('|---:|---|---|---:|---:|');
    s.functions.forEach((f, i) =>
      lines.push(
        `| ${i + 1} | \`${escapeCell(f.name)}\` | ${f.url ? `\`${escapeCell(f.url)}\`` : ''} | ` +
          `${fmtInt(f.selfMs)} | ${f.busyPct.toFixed(1)}% |`,
      ),
    );
  }
  return lines.join('\n');
}

function writeDocs(table) {
  writeDocsSection('http', 'HTTP recording', INTRO, table);
}

async function summarizeProfileFile(file, skipMs) {
  const { summarizeProfile, formatSummary } = await import(pathToFileURL(join(HERE, 'cpuprofile-summary.js')).href);
  const summary = summarizeProfile(join(ROOT, file), { top: 15, skipMs });
  console.log(`\nserver CPU profile ${file}:\n${formatSummary(summary)}\n`);
  return { file, skipMs, summary: { ...summary, file } };
}

/** `node bench/http.bench.js --render [results.json]`: re-summarise the profile and rewrite the docs table from saved results. */
async function render(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.profile?.file && existsSync(join(ROOT, report.profile.file))) {
    const profiled = report.results.find((r) => r.profiled);
    const skipMs = Number(
      process.env.BENCH_HTTP_PROFILE_SKIP_MS ?? report.profile.skipMs ?? Math.round(profiled?.serverReadyMs ?? 0),
    );
    report.profile = await summarizeProfileFile(report.profile.file, skipMs);
  }
  report.targetVerdicts = targetRows(report.results);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const table = markdown(report);
  console.log(`\n${table}\n`);
  if (!process.env.BENCH_NO_DOCS) writeDocs(table);
}

async function main() {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
  const warmupSeconds = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? Math.min(3, seconds));
  const engines = (process.env.BENCH_HTTP_ENGINES ?? 'sqlite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const kinds = (process.env.BENCH_HTTP_CASES ?? 'single,batch')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const singleConnections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 64);
  const batchConnections = (process.env.BENCH_HTTP_BATCH_CONNECTIONS ?? '4,8').split(',').map(Number);
  const batchSize = Number(process.env.BENCH_HTTP_BATCH_SIZE ?? 1000);
  const members = Number(process.env.BENCH_HTTP_MEMBERS ?? 100_000);
  // BENCH_HTTP_PROFILE=1 (or single) profiles the SQLite single case, =batch the SQLite batch case (first connection count).
  const profileKind = { 1: 'single', single: 'single', batch: 'batch' }[process.env.BENCH_HTTP_PROFILE ?? ''] ?? null;
  const profile = profileKind !== null;
  // single disclosures: with wrk when it is installed (the target verdict uses it) and with autocannon, side by side
  const wrkInstalled = spawnSync('wrk', ['--version']).error === undefined;
  const singleGenerators = (process.env.BENCH_HTTP_LOAD ?? (wrkInstalled ? 'wrk,autocannon' : 'autocannon')).split(',');
  for (const g of singleGenerators)
    if (!['wrk', 'autocannon'].includes(g))
      throw new Error(`unknown load generator ${g} in BENCH_HTTP_LOAD (wrk, autocannon)`);
  if (singleGenerators.includes('wrk') && !wrkInstalled)
    throw new Error('BENCH_HTTP_LOAD names wrk, which is not installed (Debian: apt-get install wrk)');
  const profileEngine = engines.includes('sqlite') ? 'sqlite' : 'postgres'; // the first engine run, SQLite when both are
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('BENCH_HTTP_SECONDS must be a positive number');
  for (const e of engines)
    if (!ENGINE_LABEL[e]) throw new Error(`unknown engine ${e} in BENCH_HTTP_ENGINES (sqlite, postgres)`);
  for (const k of kinds)
    if (!['single', 'batch'].includes(k)) throw new Error(`unknown case ${k} in BENCH_HTTP_CASES (single, batch)`);
  if (!existsSync(startCommand(ROOT).entry))
    throw new Error('dist/ is missing: run `npm run build` (npm run bench:http does)');
  const builds = [{ build: null, root: ROOT }];
  if (process.env.BENCH_HTTP_BASELINE) {
    const root = resolve(process.env.BENCH_HTTP_BASELINE);
    if (!existsSync(startCommand(root).entry))
      throw new Error(`BENCH_HTTP_BASELINE ${root} is not built (npm run build there)`);
    const commitOf = (dir) =>
      spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    builds.splice(0, 1, { build: `before ${commitOf(root)}`, root }, { build: `after ${commitOf(ROOT)}`, root: ROOT });
  }
  if (!existsSync(join(HERE, 'node_modules', 'autocannon')))
    throw new Error('autocannon is missing: run `npm run bench:install`');
  const { issueLocalToken } = await import(pathToFileURL(join(ROOT, 'dist', 'auth', 'token-verifier.js')).href);

  const startedAt = new Date();
  mkdirSync(DATA_DIR, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const admin = engines.includes('postgres')
    ? await openBenchDatabase(['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_connections'])
    : null;

  const cases = [];
  for (const engine of engines) {
    if (kinds.includes('single')) {
      for (const loadGenerator of singleGenerators)
        cases.push({ engine, kind: 'single', connections: singleConnections, batchSize: 1, loadGenerator });
    }
    if (kinds.includes('batch'))
      for (const c of batchConnections) cases.push({ engine, kind: 'batch', connections: c, batchSize });
    if (profileKind === 'single' && engine === profileEngine && kinds.includes('single')) {
      cases.push({
        engine,
        kind: 'single',
        connections: singleConnections,
        batchSize: 1,
        loadGenerator: singleGenerators[0],
        profiled: true,
      });
    }
    if (profileKind === 'batch' && engine === profileEngine && kinds.includes('batch')) {
      cases.push({ engine, kind: 'batch', connections: batchConnections[0], batchSize, profiled: true });
    }
  }
  const repeats = Number(process.env.BENCH_HTTP_REPEATS ?? 1);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('BENCH_HTTP_REPEATS must be a whole number ≥ 1');
  // each case `repeats` times per build, the builds alternating (and which goes first, too)
  const runs = cases.flatMap((c, n) =>
    Array.from({ length: repeats }, (_, r) => r).flatMap((r) =>
      ((n + r) % 2 === 0 ? builds : [...builds].reverse()).map((b) => ({
        ...c,
        ...b,
        ...(repeats > 1 ? { repeat: r + 1 } : {}),
      })),
    ),
  );
  console.log(
    `http bench: ${seconds} s per case (+${warmupSeconds} s warm-up), ${runs.length} cases${builds.length > 1 ? ` (${builds.map((b) => b.build).join(' and ')}, alternating)` : ''}, ` +
      `body ~${SAMPLE_BYTES} B, ${members} members, engines: ${engines.join(', ')}` +
      (admin ? `, PostgreSQL ${admin.settings.server_version} at ${new URL(DATABASE_URL).host}` : '') +
      (profile
        ? `, profiling the ${ENGINE_LABEL[profileEngine]} ${profileKind} case into ${relative(ROOT, PROFILES_DIR)}/`
        : ''),
  );

  const results = [];
  let profileReport = null;
  for (const [n, c] of runs.entries()) {
    const caseTag =
      `${c.engine.slice(0, 2)}${c.kind[0]}${c.connections}${c.profiled ? 'p' : ''}${n}${RUN_TAG}`.toLowerCase();
    const dataDir = join(DATA_DIR, `http-${caseTag}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const schema = `bench_http_${caseTag}`.slice(0, 63);
    const env =
      c.engine === 'sqlite'
        ? { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' }
        : { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'postgres', DATABASE_URL, LEDGER_PG_SCHEMA: schema };
    const label = caseLabel({ ...c });
    const progress = await makeProgress(Math.ceil(warmupSeconds + seconds));
    const caseStarted = Date.now();
    let r;
    let server = null;
    try {
      server = await startServer({ env, profile: Boolean(c.profiled), root: c.root });
      const token = await issueLocalToken(dataDir, {
        subject: 'bench',
        roles: ['recorder'],
        clientId: 'http-bench',
        ttlSeconds: 24 * 3600,
      });
      progress.start(label);
      let cpuAtMeasured = null;
      const running = server;
      r = await runLoad(
        {
          kind: c.kind,
          loadGenerator: c.loadGenerator,
          url: server.base,
          token,
          connections: c.connections,
          seconds,
          warmupSeconds,
          batchSize: c.batchSize,
          members,
          caseTag,
        },
        progress,
        warmupSeconds + seconds + 120,
        (phase) => {
          if (phase === 'measured') cpuAtMeasured = running.cpuSeconds();
        },
      );
      const cpuAtEnd = server.cpuSeconds();
      if (cpuAtMeasured && cpuAtEnd && r.acknowledgedInRun > 0) {
        // CPU the server spent per disclosure acknowledged in the measured run: what the 2 cores must cover
        r.serverCpu = {
          usPerDisclosure: ((cpuAtEnd.all - cpuAtMeasured.all) * 1e6) / r.acknowledgedInRun,
          mainThreadUsPerDisclosure: ((cpuAtEnd.main - cpuAtMeasured.main) * 1e6) / r.acknowledgedInRun,
          cores: (cpuAtEnd.all - cpuAtMeasured.all) / r.seconds,
        };
      }
      r.readModels = await projectionCatchUp(server);
      r.serverReadyMs = server.readyMs;
      r.headPosition = await server.headPosition();
      r.serverExit = await server.stop();
      server = null;
      r.stored =
        c.engine === 'sqlite'
          ? await countSqliteDisclosures(join(dataDir, 'ledger.sqlite'))
          : await countPgDisclosures(admin.bench, schema);
      // Every acknowledged disclosure is stored; the excess is what was in flight when the load stopped.
      if (r.stored != null)
        r.verified = r.stored >= r.acknowledged && r.stored <= r.acknowledged + (r.unanswered ?? Infinity);
      r.errorsTotal = (r.non2xx ?? 0) + (r.itemsNotCreated ?? 0) + (r.socketErrors ?? 0) + (r.timeouts ?? 0);
      if (r.status === 'ok' && (r.non2xx || r.itemsNotCreated)) r.status = 'errors';
    } catch (error) {
      r = {
        status: 'failed',
        firstProblem: String(error?.message ?? error).slice(0, 2000),
        acknowledged: null,
        stored: null,
      };
    } finally {
      if (server) await server.stop().catch(() => undefined);
      if (c.engine === 'postgres') {
        await admin.bench
          .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          .catch((error) => console.error(`dropping schema ${schema} failed: ${error.message}`));
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
    const summary =
      r.status === 'failed' || r.disclosuresPerSecond == null
        ? `${r.status.toUpperCase()}: ${(r.firstProblem ?? r.loadOutputTail ?? '').split('\n')[0].slice(0, 300)}`
        : `${fmtInt(r.disclosuresPerSecond)} disclosures/s (${fmtInt(r.requestsPerSecond)} req/s), p50 ${fmtMs(r.p50Ms)} ms, ` +
          `p97.5 ${fmtMs(r.p975Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, non-2xx ${r.non2xx}, items not created ${r.itemsNotCreated}, ` +
          `socket errors ${r.socketErrors}, stored ${r.stored ?? '?'} / acknowledged ${r.acknowledged} (+ ≤ ${r.unanswered} unanswered)` +
          (r.verified === false ? ' LOST WRITES OR UNEXPECTED EXTRA EVENTS' : r.verified ? ' (verified)' : '') +
          (r.firstProblem ? `; first problem: ${r.firstProblem.slice(0, 200)}` : '');
    progress.stop(summary);
    const { root: _root, ...described } = c;
    results.push({ ...described, profiled: Boolean(c.profiled), label, ...r });

    if (c.profiled) {
      const { newestProfile } = await import(pathToFileURL(join(HERE, 'cpuprofile-summary.js')).href);
      const file = existsSync(PROFILES_DIR) ? newestProfile(PROFILES_DIR, caseStarted) : null;
      if (file) {
        // Leave the server's start-up (module loading, compiling) out of the summary.
        profileReport = await summarizeProfileFile(relative(ROOT, file), Math.round(r.serverReadyMs ?? 0));
      } else {
        console.log('no .cpuprofile was written by the profiled server');
        profileReport = { file: null, summary: null };
      }
    }
  }
  if (admin) await admin.bench.end();

  const report = {
    benchmark: 'http',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds,
    warmupSeconds,
    members,
    bodyBytes: SAMPLE_BYTES,
    node: process.version,
    cpus: os.cpus().length,
    host: os.hostname(),
    postgres: admin?.settings ?? null,
    targets: TARGETS,
    results,
    targetVerdicts: targetRows(results.filter((r) => !r.build?.startsWith('before'))),
    profile: profileReport,
  };
  writeFileSync(join(RESULTS_DIR, 'http-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const table = markdown(report);
  console.log(`\n${table}\n`);
  for (const t of report.targetVerdicts)
    console.log(`target ${t.verdict.toUpperCase().padEnd(12)} ${t.target}: ${t.measured}`);
  if (!process.env.BENCH_NO_DOCS) {
    writeDocs(table);
    console.log('wrote bench/results/http-latest.json and docs/benchmarks.md');
  } else {
    console.log('wrote bench/results/http-latest.json');
  }
}

const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  process.on('disconnect', () => process.exit(2));
  runToExit(() => runChild(JSON.parse(process.argv[childArg + 1])));
} else if (process.argv.includes('--render')) {
  const at = process.argv.indexOf('--render');
  runToExit(() => render(process.argv[at + 1] ?? join(RESULTS_DIR, 'http-latest.json')));
} else {
  runToExit(() => main());
}
