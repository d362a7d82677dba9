#!/usr/bin/env node
/**
 * Uses benchmark (issue 14): uses of PHI recorded in bulk, and the member's access report over them.
 *
 * For each store (embedded SQLite, and PostgreSQL at DATABASE_URL or the local bench database):
 * 1. the **raw ceiling**: the same events (one `PhiUsed` per use, on its `uses-{YYYY-MM}-{member}` stream, the same
 *    JSON) and the same read-model rows (`use_events`) written by plain SQL in transactions of 10,000, into the schema
 *    the service itself created (same tables, same indexes), nothing else: no validation, no decision, no seal, no
 *    Merkle log, no other read model;
 * 2. the **service**: the same uses posted to the built service (`npm start`'s way) as `POST /v1/use-batches` of
 *    10,000 items, two requests in flight, timed until every use is acknowledged **and** the read models have applied
 *    them (a read with `minPosition` of the last one answers).
 * Then, on the embedded store: a member with 10,000 uses asks for their access report (first page of 100, and the
 * CSV of 1,000) 200 times each: p50 and p99.
 * Both are measured BENCH_USES_ROUNDS times (default 3), ceiling and service alternating, each round on fresh stores:
 * this machine's ceilings alone move by ±15% from one run to the next, so the table gives medians and each round's
 * ratio. BENCH_USES (default 200,000 uses), BENCH_USES_MEMBERS (20,000). Results: bench/results/uses-latest.json and the
 * table in docs/benchmarks.md (BENCH_NO_DOCS=1 to leave it).
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DATABASE_URL,
  fmtInt,
  fmtMs,
  line,
  median,
  openBenchDatabase,
  processCpuSeconds,
  quantile,
  runToExit,
  startService,
  writeDocsSection,
} from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const rootRequire = createRequire(join(ROOT, 'package.json'));
const Database = rootRequire('better-sqlite3');
const USES = Number(process.env.BENCH_USES ?? 200_000);
const MEMBERS = Number(process.env.BENCH_USES_MEMBERS ?? 20_000);
const BATCH = 10_000;
const TX = 10_000;
const HOT_USES = 10_000;
const SAMPLES = 200;
const ROUNDS = Math.max(1, Number(process.env.BENCH_USES_ROUNDS ?? 3));
/** BENCH_USES_POSTGRES=0: the embedded store alone (a quicker look; the table then has no PostgreSQL row) */
const POSTGRES = process.env.BENCH_USES_POSTGRES !== '0';
const INTRO =
  'Uses of PHI recorded in bulk (`POST /v1/use-batches` of 10,000) with the read models caught up, beside the raw ceiling of the same events and read-model rows written by plain SQL in the same run; and a member’s access report over 10,000 uses. The service’s CPU per use counts all its threads, from the first batch to the read models caught up. Regenerate with `npm run bench:uses` (`BENCH_USES`, `BENCH_USES_MEMBERS`, `BENCH_USES_ROUNDS`: rounds per store, default 3; `BENCH_USES_POSTGRES=0`: SQLite alone).';

const START = Date.parse('2026-06-01T12:00:00Z');
/** The i-th use: members round-robin, one second apart (all in June 2026, one use stream per member). */
function useOf(i, memberId = `M-U-${i % MEMBERS}`) {
  return {
    useId: `U-${i}`,
    memberId,
    occurredAt: new Date(START + i * 1000).toISOString(),
    actor: { id: `W-${i % 300}`, name: `Workforce member ${i % 300}`, role: 'claims examiner' },
    action: 'view',
    phiDescription: 'Claim detail and diagnosis codes',
    purposeOfUse: 'HPAYMT',
    sourceSystem: 'claims-ui',
    context: { kind: 'claim', id: `CLM-${i}` },
  };
}

/** The stored event of a use, as the service stores it (the command hash is a stand-in of the same length). */
function eventOf(u, position, revision) {
  const data = { ...u, commandHash: 'x'.repeat(64) };
  const stream = `uses-${u.occurredAt.slice(0, 7)}-${u.memberId}`;
  return [
    position,
    stream,
    revision,
    `use:${u.memberId}:${u.useId}`,
    'PhiUsed',
    1,
    new Date().toISOString(),
    JSON.stringify({ subject: 'bench', clientId: null }),
    'bench-correlation',
    JSON.stringify(data),
  ];
}

const useRow = (u, position) => [
  position,
  u.memberId,
  u.useId,
  u.occurredAt,
  u.occurredAt.slice(0, 10),
  u.actor.id,
  u.actor.name,
  u.actor.role,
  u.action,
  u.phiDescription,
  u.purposeOfUse,
  u.sourceSystem,
  u.context.kind,
  u.context.id,
  0,
];
const USE_COLUMNS =
  'position, member_id, use_id, occurred_at, plan_day, actor_id, actor_name, actor_role, action, description, purpose_of_use, source_system, context_kind, context_id, after_hours';
const EVENT_COLUMNS =
  'position, stream, revision, event_id, type, version, recorded_at, recorded_by, correlation_id, data';

/** Creates the service's schema in a fresh place (by starting it once), then stops it. */
async function freshSchema(env) {
  const { stop } = await startService(ROOT, env);
  await stop();
}

async function rawSqlite(dir) {
  const events = new Database(join(dir, 'ledger.sqlite'));
  const models = new Database(join(dir, 'read-models.sqlite'));
  for (const db of [events, models]) db.pragma('journal_mode = WAL');
  events.pragma('synchronous = FULL');
  models.pragma('synchronous = NORMAL');
  const base = events.prepare('SELECT coalesce(max(position), 0) AS p FROM events').get().p;
  const insertEvent = events.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertUse = models.prepare(
    `INSERT INTO use_events (${USE_COLUMNS}) VALUES (${USE_COLUMNS.split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  const revisions = new Map();
  const started = performance.now();
  for (let from = 0; from < USES; from += TX) {
    const uses = Array.from({ length: Math.min(TX, USES - from) }, (_, k) => useOf(from + k));
    const rows = uses.map((u, k) => {
      const stream = `uses-${u.occurredAt.slice(0, 7)}-${u.memberId}`;
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      return eventOf(u, base + from + k + 1, revision);
    });
    events.transaction(() => rows.forEach((r) => insertEvent.run(r)))();
    models.transaction(() => uses.forEach((u, k) => insertUse.run(useRow(u, base + from + k + 1))))();
  }
  const seconds = (performance.now() - started) / 1000;
  events.close();
  models.close();
  return USES / seconds;
}

async function rawPostgres(pgClient, schema) {
  const base = Number((await pgClient.query(`SELECT position FROM ${schema}.ledger_head`)).rows[0].position);
  const revisions = new Map();
  const started = performance.now();
  const insert = async (table, columns, rows) => {
    const width = columns.split(',').length;
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const tuples = chunk.map(
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
      );
      await pgClient.query(`INSERT INTO ${schema}.${table} (${columns}) VALUES ${tuples.join(',')}`, chunk.flat());
    }
  };
  for (let from = 0; from < USES; from += TX) {
    const uses = Array.from({ length: Math.min(TX, USES - from) }, (_, k) => useOf(from + k));
    const events = uses.map((u, k) => {
      const stream = `uses-${u.occurredAt.slice(0, 7)}-${u.memberId}`;
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      return eventOf(u, base + from + k + 1, revision);
    });
    await pgClient.query('BEGIN');
    await insert('events', EVENT_COLUMNS, events);
    await pgClient.query(`UPDATE ${schema}.ledger_head SET position = $1`, [base + from + uses.length]);
    await insert(
      'use_events',
      USE_COLUMNS,
      uses.map((u, k) => useRow(u, base + from + k + 1)),
    );
    await pgClient.query('COMMIT');
  }
  return USES / ((performance.now() - started) / 1000);
}

async function post(base, token, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

/** Posts every use in batches of 10,000, two in flight; resolves when all are acknowledged and applied. */
async function ingest(base, token) {
  const started = performance.now();
  let next = 0;
  let last = 0;
  const worker = async () => {
    while (next < USES) {
      const from = next;
      next += BATCH;
      const items = Array.from({ length: Math.min(BATCH, USES - from) }, (_, k) => useOf(from + k));
      const { results } = await post(base, token, '/v1/use-batches', { items });
      for (const r of results) {
        if (r.status !== 'created') throw new Error(`use not recorded: ${JSON.stringify(r)}`);
        last = Math.max(last, r.position);
      }
      const done = `${fmtInt(Math.min(next, USES))} / ${fmtInt(USES)} uses posted`;
      if (process.stdout.isTTY) process.stdout.write(`\r  ${done}`);
      else line(`  ${done}`);
    }
  };
  await Promise.all([worker(), worker()]);
  const acknowledged = (performance.now() - started) / 1000;
  // the read models have applied the last use: a read with minPosition answers (it waits ≤ 5 s, else 503: retry)
  for (;;) {
    const res = await fetch(`${base}/v1/audit/use-anomalies?limit=1&minPosition=${last}`, {
      headers: { authorization: `Bearer ${token.auditor ?? token}` },
    });
    if (res.status === 200) break;
    if (res.status !== 503) throw new Error(`catch-up read: ${res.status}`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  return { acknowledgedSeconds: acknowledged, caughtUpSeconds: (performance.now() - started) / 1000 };
}

async function storeRun(name, env, raw, round) {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  line(`${name}: raw ceiling (${fmtInt(USES)} events and read-model rows by plain SQL, transactions of ${fmtInt(TX)})`);
  const rawDir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-uses-raw-'));
  let ceiling;
  try {
    await freshSchema({ ...env(rawDir, 'raw', round), LEDGER_DATA_DIR: rawDir });
    ceiling = await raw(rawDir, round);
  } finally {
    rmSync(rawDir, { recursive: true, force: true });
  }
  line(`  ${fmtInt(ceiling)} uses/s`);
  line(`${name}: the service (use batches of ${fmtInt(BATCH)}, 2 in flight, until the read models caught up)`);
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-uses-'));
  const service = await startService(ROOT, {
    ...env(dir, 'service', round),
    LEDGER_DATA_DIR: dir,
    LEDGER_RATE_LIMIT_SERVICE_PER_MINUTE: '0',
  });
  try {
    const recorder = await issueLocalToken(dir, { subject: 'bench', roles: ['recorder', 'auditor'], ttlSeconds: 7200 });
    const cpuBefore = processCpuSeconds(service.child.pid);
    const t = await ingest(service.base, recorder);
    const cpuAfter = processCpuSeconds(service.child.pid);
    const rate = USES / t.caughtUpSeconds;
    // the service's CPU per use from the first batch to the read models caught up: all threads, and the event loop's
    const cpu = cpuBefore &&
      cpuAfter && {
        all: ((cpuAfter.all - cpuBefore.all) * 1e6) / USES,
        main: ((cpuAfter.main - cpuBefore.main) * 1e6) / USES,
      };
    line(
      `  ${fmtInt(rate)} uses/s with the read models caught up (${fmtInt(USES / t.acknowledgedSeconds)}/s acknowledged)` +
        (cpu ? `; service CPU ${cpu.all.toFixed(0)} µs per use (event loop ${cpu.main.toFixed(0)})` : ''),
    );
    return {
      store: name,
      ceiling,
      rate,
      acknowledgedRate: USES / t.acknowledgedSeconds,
      ratio: rate / ceiling,
      cpu,
      service,
      dir,
      recorder,
    };
  } catch (error) {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function accessReport(run) {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  const member = 'M-HOT';
  const { results } = await post(run.service.base, run.recorder, '/v1/use-batches', {
    items: Array.from({ length: HOT_USES }, (_, i) => useOf(USES + i, member)),
  });
  const last = Math.max(...results.map((r) => r.position));
  const token = await issueLocalToken(run.dir, { subject: member, roles: ['member'], ttlSeconds: 3600 });
  const get = async (query) => {
    const started = performance.now();
    const res = await fetch(`${run.service.base}/v1/members/${member}/access-report?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`access report: ${res.status}`);
    return performance.now() - started;
  };
  await get(`minPosition=${last}`);
  const measure = async (query) => {
    for (let i = 0; i < 10; i++) await get(query); // warm-up
    const times = [];
    for (let i = 0; i < SAMPLES; i++) times.push(await get(query));
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
  };
  return {
    json: await measure('from=2026-01-01&to=2026-12-31'),
    csv: await measure('from=2026-01-01&to=2026-12-31&format=csv&limit=1000'),
  };
}

/** ROUNDS runs of one store (ceiling, then service); the last run's service is left running for the caller. */
async function storeRounds(name, env, raw) {
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    line(`${name}: round ${round} of ${ROUNDS}`);
    const run = await storeRun(name, env, raw, round);
    rounds.push(run);
    if (round < ROUNDS) {
      await run.service.stop();
      rmSync(run.dir, { recursive: true, force: true });
    }
  }
  const last = rounds.at(-1);
  return {
    ...last,
    ceiling: median(rounds.map((r) => r.ceiling)),
    rate: median(rounds.map((r) => r.rate)),
    acknowledgedRate: median(rounds.map((r) => r.acknowledgedRate)),
    ratio: median(rounds.map((r) => r.ratio)),
    cpuUsPerUse: median(rounds.map((r) => r.cpu?.all ?? null)),
    rounds: rounds.map(({ ceiling, rate, ratio, cpu }) => ({ ceiling, rate, ratio, cpu })),
  };
}

/** ROUNDS runs on PostgreSQL (a schema per round and kind, dropped at the end). */
async function postgresRounds() {
  const { pg, bench } = await openBenchDatabase([]);
  try {
    const schemaOf = (kind, round) => `bench_uses_${kind}_${process.pid}_${round}`;
    const postgres = await storeRounds(
      'PostgreSQL',
      (_dir, kind, round) => ({ LEDGER_STORE: 'postgres', DATABASE_URL, LEDGER_PG_SCHEMA: schemaOf(kind, round) }),
      (_dir, round) => rawPostgres(bench, schemaOf('raw', round)),
    );
    await postgres.service.stop();
    rmSync(postgres.dir, { recursive: true, force: true });
    for (let round = 1; round <= ROUNDS; round++)
      for (const kind of ['raw', 'service'])
        await bench.query(`DROP SCHEMA IF EXISTS ${schemaOf(kind, round)} CASCADE`);
    return postgres;
  } finally {
    await bench.end();
    void pg;
  }
}

async function main() {
  const runs = [];
  let report;
  const sqlite = await storeRounds(
    'embedded SQLite',
    () => ({ LEDGER_STORE: 'sqlite', DATABASE_URL: '' }),
    (dir) => rawSqlite(dir),
  );
  try {
    report = await accessReport(sqlite);
    line(
      `access report over ${fmtInt(HOT_USES)} uses: first page p50 ${fmtMs(report.json.p50)} ms, p99 ${fmtMs(report.json.p99)} ms; CSV of 1,000 p50 ${fmtMs(report.csv.p50)} ms, p99 ${fmtMs(report.csv.p99)} ms`,
    );
  } finally {
    await sqlite.service.stop();
    rmSync(sqlite.dir, { recursive: true, force: true });
  }
  runs.push(sqlite);

  if (POSTGRES) runs.push(await postgresRounds());

  const result = {
    benchmark: 'uses',
    finishedAt: new Date().toISOString(),
    node: process.version,
    uses: USES,
    members: MEMBERS,
    rounds: ROUNDS,
    runs: runs.map(({ store, ceiling, rate, acknowledgedRate, ratio, cpuUsPerUse, rounds }) => ({
      store,
      ceiling,
      rate,
      acknowledgedRate,
      ratio,
      cpuUsPerUse,
      rounds,
    })),
    accessReport: report,
  };
  writeFileSync(join(HERE, 'results', 'uses-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const table = [
    `Run ${result.finishedAt} · ${fmtInt(USES)} uses of ${fmtInt(MEMBERS)} members · ${ROUNDS} rounds per store (ceiling and service alternating; medians) · Node ${process.version} · \`npm run bench:uses\`.`,
    '',
    '| store | raw ceiling (uses/s) | service, read models caught up (uses/s) | of the ceiling (target ≥ 50%; median of the rounds) | each round: service / ceiling | service, acknowledged (uses/s) | service CPU per use (all threads, median) |',
    '|---|---:|---:|---:|---|---:|---:|',
    ...result.runs.map(
      (r) =>
        `| ${r.store} | ${fmtInt(r.ceiling)} | ${fmtInt(r.rate)} | ${(r.ratio * 100).toFixed(1)}% | ${r.rounds.map((x) => `${fmtInt(x.rate)} / ${fmtInt(x.ceiling)} (${(x.ratio * 100).toFixed(1)}%)`).join(' · ')} | ${fmtInt(r.acknowledgedRate)} | ${r.cpuUsPerUse == null ? 'n/a' : `${r.cpuUsPerUse.toFixed(0)} µs`} |`,
    ),
    '',
    `Access report over ${fmtInt(HOT_USES)} uses of one member (embedded SQLite, ${SAMPLES} sequential reads each): first page (100 entries, JSON) p50 ${fmtMs(report.json.p50)} ms, p99 ${fmtMs(report.json.p99)} ms; CSV of 1,000 entries p50 ${fmtMs(report.csv.p50)} ms, p99 ${fmtMs(report.csv.p99)} ms.`,
  ].join('\n');
  line(table);
  if (!process.env.BENCH_NO_DOCS) writeDocsSection('uses', 'Uses: bulk ingestion and the access report', INTRO, table);
}

runToExit(main);
