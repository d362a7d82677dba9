#!/usr/bin/env node
/**
 * Store benchmark: 1-event appends (~630 B PhiDisclosed-like JSON) to distinct member streams with expected
 * revision 'no-stream', at concurrency 1, 8 and 32, for
 *   - phi-ledger SQLite and PostgreSQL adapters (the built product, ../dist/event-store/...),
 *   - Emmett PostgreSQL 0.42.0 and Emmett SQLite 0.42.4 (bench/package.json, installed by `npm run bench:install`),
 *   - raw-SQL ceilings: SQLite with C rows per transaction (WAL, synchronous=FULL) and PostgreSQL with one C-row
 *     INSERT per statement (autocommit), both from a single writer.
 * Every (system, concurrency) case runs in its own child process on a fresh file / schema / database, with a
 * time-out and a stall detector, so a system that hangs (Emmett SQLite at C > 1) is killed and reported instead of
 * hanging the run. After each case the rows actually stored are counted and compared with the acknowledged appends.
 *
 * Environment:
 *   BENCH_EVENTS            measured appends per case (default 50000; use e.g. 2000 for a smoke run)
 *   BENCH_WARMUP            unmeasured appends before each case (default min(500, BENCH_EVENTS/10))
 *   BENCH_CONCURRENCY       comma list (default 1,8,32)
 *   BENCH_SYSTEMS           comma list of system ids to run (default all, see SYSTEMS below)
 *   BENCH_CASE_TIMEOUT_S    hard limit per case (default 1200)
 *   BENCH_STALL_S           kill a case that made no progress for this long (default 30)
 *   BENCH_EMMETT_SQLITE_TIMEOUT_S  hard limit per Emmett SQLite case at C > 1 (default 60)
 *   BENCH_NO_DOCS=1         do not rewrite docs/benchmarks.md
 *   DATABASE_URL            PostgreSQL server (default postgres://postgres@127.0.0.1:5432/phi_ledger_bench)
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DATABASE_URL,
  escapeCell,
  fmtInt,
  fmtMs,
  openBenchDatabase,
  runToExit,
  withDatabase,
  writeDocsSection,
} from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DATA_DIR = join(HERE, 'data'); // ignored by git (`data/`)
const RESULTS_DIR = join(HERE, 'results');
const INTRO =
  '1-event appends (~630 B PhiDisclosed-like JSON) to distinct member streams with expected revision `no-stream`, at concurrency C = 1, 8 and 32, fsync on (SQLite WAL + synchronous=FULL, PostgreSQL synchronous_commit=on). Each system and level gets a fresh file, schema or database. Regenerate with `npm run bench:store` (needs PostgreSQL at `DATABASE_URL`).';

const SYSTEMS = [
  { id: 'phi-sqlite', label: 'phi-ledger SQLite', engine: 'sqlite', role: 'phi' },
  { id: 'emmett-sqlite', label: 'Emmett SQLite 0.42.4', engine: 'sqlite', role: 'emmett' },
  { id: 'raw-sqlite', label: 'raw SQLite, C rows per transaction', engine: 'sqlite', role: 'raw' },
  { id: 'phi-postgres', label: 'phi-ledger PostgreSQL', engine: 'postgres', role: 'phi' },
  { id: 'emmett-postgres', label: 'Emmett PostgreSQL 0.42.0', engine: 'postgres', role: 'emmett' },
  { id: 'raw-postgres', label: 'raw PostgreSQL, one C-row INSERT per statement', engine: 'postgres', role: 'raw' },
];

const TARGETS = {
  concurrency: 32,
  vsEmmett: 2,
  vsRaw: 0.5,
  eventsPerSecond: { sqlite: 20_000, postgres: 8_000 },
};

// ---------------------------------------------------------------------------------------------------------------
// Workload
// ---------------------------------------------------------------------------------------------------------------

const RUN_TAG = process.env.BENCH_RUN_TAG || `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A PhiDisclosed-like payload (regulation.md §2.7), ~630 bytes of JSON. */
function disclosure(i, memberId) {
  return {
    disclosureId: randomUUID(),
    idempotencyKey: `bench-${RUN_TAG}-${i}`,
    memberId,
    occurredAt: '2025-03-14T09:26:53.589Z',
    discloser: { type: 'CE', id: 'hp-001' },
    recipient: { name: 'County Department of Public Health', orgId: 'npi-1234567893', recipientType: 'pha' },
    phiDescription: { text: 'Diagnosis and immunization history', classes: ['dx', 'immunization'] },
    purposeStatement: 'Mandatory reporting of a notifiable condition',
    purposeOfUse: 'PUBHLTH',
    legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
    channel: 'API',
    sensitivity: { part2: false, minorConsented: false },
  };
}

function makeAppend(caseTag, i) {
  const memberId = `m-${caseTag}-${i.toString().padStart(7, '0')}`;
  return { stream: `member-${memberId}`, data: disclosure(i, memberId) };
}

const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify(makeAppend(`phisqlite32${RUN_TAG}`, 0).data));

// ---------------------------------------------------------------------------------------------------------------
// Child: runs one (system, concurrency) case and reports over IPC
// ---------------------------------------------------------------------------------------------------------------

const COLUMNS = 'stream, revision, event_id, type, version, recorded_at, recorded_by, correlation_id, data';
const RECORDED_BY = JSON.stringify({ subject: 'bench', clientId: 'store-bench' });

function sqliteRawSchema() {
  return `CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, version INTEGER NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,
    correlation_id TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (stream, revision))`;
}

function pgRawSchema(schema) {
  return `CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream text NOT NULL, revision bigint NOT NULL,
    event_id text NOT NULL UNIQUE, type text NOT NULL, version integer NOT NULL, recorded_at text NOT NULL,
    recorded_by text NOT NULL, correlation_id text NOT NULL, data text NOT NULL, UNIQUE (stream, revision))`;
}

/**
 * Each driver: { setup(), appendOne(i) -> Promise (1-event append), or appendBatch(from, count) for raw ceilings,
 * teardown() }. appendOne is called by C concurrent workers; appendBatch by one writer with count = C.
 */
async function makeDriver(spec) {
  const { system, concurrency: C, file, schema, database, caseTag } = spec;
  switch (system) {
    case 'phi-sqlite': {
      const { SqliteEventStore } = await import('../dist/event-store/sqlite/sqlite-event-store.js');
      const store = new SqliteEventStore(file);
      return {
        appendOne: (i) => {
          const a = makeAppend(caseTag, i);
          return store.append(a.stream, [phiEvent(a)], 'no-stream');
        },
        teardown: () => store.close(),
      };
    }
    case 'phi-postgres': {
      const { PostgresEventStore } = await import('../dist/event-store/postgres/postgres-event-store.js');
      const store = await PostgresEventStore.open({ connectionString: DATABASE_URL, schema });
      return {
        appendOne: (i) => {
          const a = makeAppend(caseTag, i);
          return store.append(a.stream, [phiEvent(a)], 'no-stream');
        },
        teardown: () => store.close(),
      };
    }
    case 'emmett-postgres': {
      const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
      const pg = (await import('pg')).default;
      const connectionString = withDatabase(DATABASE_URL, database);
      // A pool of C connections (pg's default would be 10), owned and ended by us.
      const pool = new pg.Pool({ connectionString, max: Math.max(1, C) });
      const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
      await store.schema.migrate();
      return {
        appendOne: (i) => {
          const a = makeAppend(caseTag, i);
          return store.appendToStream(a.stream, [{ type: 'PhiDisclosed', data: a.data }], {
            expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
          });
        },
        teardown: async () => {
          await store.close().catch(() => undefined);
          await pool.end().catch(() => undefined);
        },
      };
    }
    case 'emmett-sqlite': {
      const { getSQLiteEventStore } = await import('@event-driven-io/emmett-sqlite');
      const store = getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
      return {
        appendOne: (i) => {
          const a = makeAppend(caseTag, i);
          return store.appendToStream(a.stream, [{ type: 'PhiDisclosed', data: a.data }], {
            expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
          });
        },
        teardown: async () => {
          if (typeof store.close === 'function') await store.close();
        },
      };
    }
    case 'raw-sqlite': {
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(sqliteRawSchema());
      const insert = db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const batch = db.transaction((from, count) => {
        const recordedAt = new Date().toISOString();
        for (let i = from; i < from + count; i++) {
          const a = makeAppend(caseTag, i);
          insert.run(
            a.stream,
            0,
            randomUUID(),
            'PhiDisclosed',
            1,
            recordedAt,
            RECORDED_BY,
            randomUUID(),
            JSON.stringify(a.data),
          );
        }
      });
      return {
        appendBatch: async (from, count) => batch.immediate(from, count),
        teardown: () => db.close(),
      };
    }
    case 'raw-postgres': {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(pgRawSchema(schema));
      const statements = new Map();
      const sqlFor = (count) => {
        if (!statements.has(count)) {
          const rows = [];
          for (let r = 0; r < count; r++) {
            const b = r * 9;
            rows.push(
              `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`,
            );
          }
          statements.set(count, `INSERT INTO ${schema}.events (${COLUMNS}) VALUES ${rows.join(', ')}`);
        }
        return statements.get(count);
      };
      return {
        appendBatch: async (from, count) => {
          const recordedAt = new Date().toISOString();
          const values = [];
          for (let i = from; i < from + count; i++) {
            const a = makeAppend(caseTag, i);
            values.push(
              a.stream,
              0,
              randomUUID(),
              'PhiDisclosed',
              1,
              recordedAt,
              RECORDED_BY,
              randomUUID(),
              JSON.stringify(a.data),
            );
          }
          // One statement, autocommit: one transaction and one WAL flush per C rows.
          await client.query({ name: `raw-insert-${count}`, text: sqlFor(count), values });
        },
        teardown: () => client.end(),
      };
    }
    default:
      throw new Error(`unknown system ${system}`);
  }
}

function phiEvent(a) {
  return {
    eventId: randomUUID(),
    type: 'PhiDisclosed',
    version: 1,
    data: a.data,
    recordedBy: { subject: 'bench', clientId: 'store-bench' },
    correlationId: randomUUID(),
  };
}

async function runChild(spec) {
  const send = (msg) => new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));
  const { concurrency: C, events: N, warmup: W } = spec;
  const driver = await makeDriver(spec);
  const latencies = new Float64Array(N); // ms
  let done = 0;
  let errors = 0;
  let firstError = null;
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (force || now - lastReport > 100) {
      lastReport = now;
      send({ type: 'progress', done, errors });
    }
  };
  const noteError = (error) => {
    errors++;
    if (!firstError) {
      firstError = String(error?.stack ?? error)
        .split('\n')
        .slice(0, 3)
        .join(' | ');
      void send({ type: 'error', message: firstError });
    }
  };

  // Warm-up (unmeasured, one writer): connections, prepared statements, JIT. Indices N.. N+W-1 keep streams distinct.
  let warmupErrors = 0;
  for (let i = 0; i < W; i += driver.appendBatch ? C : 1) {
    try {
      if (driver.appendBatch) await driver.appendBatch(N + i, Math.min(C, W - i));
      else await driver.appendOne(N + i);
    } catch (error) {
      warmupErrors++;
      noteError(error);
    }
  }
  send({ type: 'started', warmupErrors });
  errors = 0;

  const t0 = performance.now();
  if (driver.appendBatch) {
    // Raw ceiling: a single writer, C rows per transaction; every row of a batch sees the batch's latency.
    for (let from = 0; from < N; from += C) {
      const count = Math.min(C, N - from);
      const s = performance.now();
      try {
        await driver.appendBatch(from, count);
        const ms = performance.now() - s;
        for (let k = 0; k < count; k++) latencies[done++] = ms;
      } catch (error) {
        noteError(error);
      }
      report();
    }
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) {
          const i = next++;
          const s = performance.now();
          try {
            await driver.appendOne(i);
            latencies[done++] = performance.now() - s;
          } catch (error) {
            noteError(error);
          }
          report();
        }
      }),
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  report(true);
  await driver.teardown();
  const sorted = latencies.subarray(0, done).sort();
  const pct = (p) => (done === 0 ? null : sorted[Math.min(done - 1, Math.floor((p / 100) * done))]);
  await send({
    type: 'result',
    result: {
      warmupErrors,
      acknowledged: done,
      errors,
      firstError,
      seconds,
      eventsPerSecond: done / seconds,
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: done ? sorted[done - 1] : null,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: fresh resources, child processes, verification, output
// ---------------------------------------------------------------------------------------------------------------

async function countSqlite(file, table) {
  if (!existsSync(file)) return null;
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    return Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n);
  } catch {
    return null;
  } finally {
    db.close();
  }
}

async function countPg(pg, connectionString, table) {
  const c = new pg.Client({ connectionString });
  try {
    await c.connect();
    return Number((await c.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0].n);
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function makeProgress(total) {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  if (tty) {
    return import('cli-progress').then(({ default: cliProgress }) => ({
      start(label) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${label.padEnd(46)} {bar} {percentage}% | {value}/{total} | {rate} ev/s | errors {errors}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        this.t0 = performance.now();
        this.bar.start(total, 0, { rate: 0, errors: 0 });
      },
      measuring() {
        this.t0 = performance.now();
      },
      update(done, errors) {
        const rate = Math.round(done / ((performance.now() - this.t0) / 1000 || 1));
        this.bar.update(done, { rate, errors });
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
      this.last = 0;
      console.log(`${label}: started`);
    },
    measuring() {},
    update(done, errors) {
      const now = performance.now();
      if (now - this.last < 5000) return;
      this.last = now;
      console.log(`${this.label}: ${done}/${total} (${Math.round((100 * done) / total)}%), errors ${errors}`);
    },
    stop(line) {
      console.log(`${this.label}: ${line}`);
    },
  });
}

function runCase(spec, progress, { timeoutS, stallS }) {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, BENCH_RUN_TAG: RUN_TAG },
    });
    // The systems' own logging (Emmett prints every SQLITE_BUSY) is kept, not shown: its tail goes in the result.
    let stderr = '';
    let outputLines = 0;
    const keep = (d) => {
      outputLines += d.toString().split('\n').length - 1;
      stderr = (stderr + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let result = null;
    let status = 'ok';
    let lastProgress = performance.now();
    let done = 0;
    let errors = 0;
    let warmedUp = false;
    let firstError = null;
    const started = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - started > timeoutS * 1000) {
        status = 'timeout';
        child.kill('SIGKILL');
      } else if (now - lastProgress > stallS * 1000) {
        status = 'stalled';
        child.kill('SIGKILL');
      }
    }, 250);
    child.on('message', (msg) => {
      if (msg.type === 'progress') {
        if (msg.done !== done) lastProgress = performance.now(); // errors alone are no progress
        done = msg.done;
        errors = msg.errors;
        progress.update(done, errors);
      } else if (msg.type === 'started') {
        lastProgress = performance.now();
        warmedUp = true;
        progress.measuring();
      } else if (msg.type === 'error') {
        firstError ??= msg.message;
      } else if (msg.type === 'result') {
        result = msg.result;
      }
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      const wall = (performance.now() - started) / 1000;
      if (!result) {
        if (status === 'ok') status = 'crashed';
        result = {
          acknowledged: done,
          errors,
          firstError,
          seconds: wall,
          eventsPerSecond: null,
          p50Ms: null,
          p99Ms: null,
        };
      } else if (result.errors > 0) {
        status = 'errors';
      }
      resolve({
        status,
        warmedUp,
        exit: signal ?? code,
        outputLines,
        outputTail: stderr.trim().split('\n').slice(-8).join('\n'),
        ...result,
      });
    });
  });
}

const fmtRatio = (r) => (r == null || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`);

function ratioRows(results, concurrencies) {
  const get = (id, c) => results.find((r) => r.system === id && r.concurrency === c);
  const ok = (r) => (r && r.status === 'ok' && r.verified !== false ? r : null);
  const rows = [];
  for (const engine of ['sqlite', 'postgres']) {
    if (!results.some((r) => r.engine === engine)) continue;
    for (const c of concurrencies) {
      const phi = ok(get(`phi-${engine}`, c));
      const raw = ok(get(`raw-${engine}`, c));
      let emmett = ok(get(`emmett-${engine}`, c));
      let emmettNote = '';
      if (!emmett) {
        const failed = get(`emmett-${engine}`, c);
        // Compare with Emmett's best completed level when it cannot run at this concurrency.
        const best = results
          .filter((r) => r.system === `emmett-${engine}` && ok(r))
          .sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
        if (best) {
          emmett = best;
          emmettNote = `Emmett ${failed ? failed.status : 'not run'} at C=${c}; vs its best completed level C=${best.concurrency}`;
        } else if (failed) {
          emmettNote = `Emmett ${failed.status} at C=${c}`;
        }
      }
      rows.push({
        engine,
        concurrency: c,
        phiEventsPerSecond: phi?.eventsPerSecond ?? null,
        vsEmmett: phi && emmett ? phi.eventsPerSecond / emmett.eventsPerSecond : null,
        vsRaw: phi && raw ? phi.eventsPerSecond / raw.eventsPerSecond : null,
        emmettNote,
      });
    }
  }
  return rows;
}

function targetRows(ratios) {
  const out = [];
  for (const engine of ['sqlite', 'postgres']) {
    if (!ratios.some((x) => x.engine === engine)) continue;
    const r = ratios.find((x) => x.engine === engine && x.concurrency === TARGETS.concurrency);
    const name = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const verdict = (v, min) => (v == null ? 'not measured' : v >= min ? 'met' : 'missed');
    out.push({
      target: `${name}: phi-ledger ≥ ${TARGETS.vsEmmett}× Emmett at C=${TARGETS.concurrency}`,
      measured: r ? fmtRatio(r.vsEmmett) + (r.emmettNote ? ` (${r.emmettNote})` : '') : '–',
      verdict: verdict(r?.vsEmmett, TARGETS.vsEmmett),
    });
    out.push({
      target: `${name}: phi-ledger ≥ ${TARGETS.vsRaw * 100}% of raw at C=${TARGETS.concurrency}`,
      measured: r?.vsRaw == null ? '–' : `${(r.vsRaw * 100).toFixed(0)}%`,
      verdict: verdict(r?.vsRaw, TARGETS.vsRaw),
    });
    const min = TARGETS.eventsPerSecond[engine];
    out.push({
      target: `${name}: phi-ledger ≥ ${fmtInt(min)} ev/s at C=${TARGETS.concurrency}`,
      measured: r ? fmtInt(r.phiEventsPerSecond) : '–',
      verdict: verdict(r?.phiEventsPerSecond, min),
    });
  }
  return out;
}

function markdown(report) {
  const { results, ratios, targetVerdicts: targets } = report;
  const lines = [];
  const smoke = report.events < 50_000;
  lines.push(
    `Run ${report.startedAt} · ${fmtInt(report.events)} measured appends per case` +
      ` (+${report.warmup} warm-up) · payload ${report.payloadBytes} B · Node ${report.node} · ${report.cpus} CPUs` +
      (report.postgres
        ? ` · PostgreSQL ${report.postgres.server_version.split(' ')[0]} (fsync=${report.postgres.fsync},` +
          ` synchronous_commit=${report.postgres.synchronous_commit})`
        : '') +
      ` · \`npm run bench:store\`${smoke ? ` with BENCH_EVENTS=${report.events} (**smoke run: too short for real figures**)` : ''}.`,
  );
  lines.push('');
  lines.push('| system | C | events/s | p50 ms | p99 ms | status | stored / acknowledged |');
  lines.push('|---|---:|---:|---:|---:|---|---|');
  for (const r of results) {
    const label = SYSTEMS.find((s) => s.id === r.system).label;
    const stored = r.stored == null ? '?' : `${fmtInt(r.stored)} / ${fmtInt(r.acknowledged)}`;
    const status =
      r.status === 'ok'
        ? r.verified === false
          ? '**lost writes**'
          : 'ok'
        : `**${r.status}** after ${r.seconds.toFixed(0)} s, ${fmtInt(r.errors)} errors` +
          `${r.firstError ? `, first: ${escapeCell(r.firstError.split(' | ')[0]).slice(0, 120)}` : ''}`;
    lines.push(
      `| ${label} | ${r.concurrency} | ${r.status === 'ok' ? fmtInt(r.eventsPerSecond) : '–'} | ` +
        `${r.status === 'ok' ? fmtMs(r.p50Ms) : '–'} | ${r.status === 'ok' ? fmtMs(r.p99Ms) : '–'} | ${status} | ${stored} |`,
    );
  }
  lines.push('');
  lines.push("Ratios (phi-ledger events/s divided by the other system's, same run):");
  lines.push('');
  lines.push('| engine | C | phi-ledger / Emmett | phi-ledger / raw ceiling | note |');
  lines.push('|---|---:|---:|---:|---|');
  for (const r of ratios) {
    lines.push(
      `| ${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.concurrency} | ${fmtRatio(r.vsEmmett)} | ` +
        `${r.vsRaw == null ? '–' : `${(r.vsRaw * 100).toFixed(0)}%`} | ${escapeCell(r.emmettNote)} |`,
    );
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  for (const t of targets) lines.push(`| ${t.target} | ${escapeCell(t.measured)} | ${t.verdict} |`);
  lines.push('');
  lines.push(
    `Raw ceilings are one writer issuing C rows per transaction; their latency is the transaction's, which every` +
      ` row in it shares. Emmett PostgreSQL runs with a pool of C connections. "stored / acknowledged" counts rows found` +
      ` after the case (warm-up included) against appends that resolved; a failed case is killed after` +
      ` ${report.limits.emmettSqliteTimeoutS} s (Emmett SQLite at C > 1) or ${report.limits.stallS} s without an` +
      ` acknowledged append. When Emmett cannot complete a level, phi-ledger is compared with Emmett's best completed` +
      ` level. Full results: \`bench/results/store-latest.json\`.`,
  );
  return lines.join('\n');
}

function writeDocs(table) {
  writeDocsSection('store', 'Event store appends', INTRO, table);
}

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 50_000);
  const warmup = Number(process.env.BENCH_WARMUP ?? Math.min(500, Math.floor(events / 10)));
  const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
  const only = process.env.BENCH_SYSTEMS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const systems = SYSTEMS.filter((s) => !only || only.includes(s.id));
  const caseTimeoutS = Number(process.env.BENCH_CASE_TIMEOUT_S ?? 1200);
  const stallS = Number(process.env.BENCH_STALL_S ?? 30);
  const emmettSqliteTimeoutS = Number(process.env.BENCH_EMMETT_SQLITE_TIMEOUT_S ?? 60);
  if (!Number.isInteger(events) || events <= 0) throw new Error('BENCH_EVENTS must be a positive integer');

  if (!existsSync(join(ROOT, 'dist', 'event-store', 'sqlite', 'sqlite-event-store.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm run bench:store does)');
  }
  const startedAt = new Date();
  mkdirSync(DATA_DIR, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const needsPg = systems.some((s) => s.engine === 'postgres');
  const admin = needsPg
    ? await openBenchDatabase(
        ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method'],
        { keepAdmin: true },
      )
    : null;
  console.log(
    `store bench: ${events} appends per case (+${warmup} warm-up), C = ${concurrencies.join(', ')}, ` +
      `payload ${PAYLOAD_BYTES} B, systems: ${systems.map((s) => s.id).join(', ')}` +
      (admin ? `, PostgreSQL ${admin.settings.server_version} at ${new URL(DATABASE_URL).host}` : ''),
  );

  const results = [];
  for (const system of systems) {
    for (const concurrency of concurrencies) {
      const caseTag = `${system.id.replace(/-/g, '')}${concurrency}${RUN_TAG}`.slice(0, 40);
      const spec = { system: system.id, concurrency, events, warmup, caseTag };
      let cleanup = async () => undefined;
      let count = async () => null;
      if (system.engine === 'sqlite') {
        spec.file = join(DATA_DIR, `${caseTag}.sqlite`);
        const removeFiles = () => {
          for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(spec.file + ext, { force: true });
        };
        removeFiles();
        cleanup = async () => removeFiles();
        count = () => countSqlite(spec.file, system.id === 'emmett-sqlite' ? 'emt_messages' : 'events');
      } else if (system.id === 'emmett-postgres') {
        spec.database = `bench_${caseTag}`.toLowerCase();
        await admin.admin.query(`CREATE DATABASE "${spec.database}"`);
        const url = withDatabase(DATABASE_URL, spec.database);
        count = () => countPg(admin.pg, url, 'emt_messages');
        cleanup = () => admin.admin.query(`DROP DATABASE IF EXISTS "${spec.database}" WITH (FORCE)`);
      } else {
        spec.schema = `bench_${caseTag}`.toLowerCase();
        count = () => countPg(admin.pg, DATABASE_URL, `${spec.schema}.events`);
        cleanup = () => admin.bench.query(`DROP SCHEMA IF EXISTS "${spec.schema}" CASCADE`);
      }
      const timeoutS = system.id === 'emmett-sqlite' && concurrency > 1 ? emmettSqliteTimeoutS : caseTimeoutS;
      const progress = await makeProgress(events);
      progress.start(`${system.label} C=${concurrency}`);
      let r;
      try {
        r = await runCase(spec, progress, { timeoutS, stallS: Math.min(stallS, timeoutS) });
        r.stored = await count();
        // Every acknowledged append must be stored (warm-up appends are stored too).
        if (r.stored != null)
          r.verified = r.stored >= r.acknowledged + (r.warmedUp ? warmup - (r.warmupErrors ?? 0) : 0);
      } finally {
        await cleanup().catch((error) =>
          console.error(`cleanup of ${system.id} C=${concurrency} failed: ${error.message}`),
        );
      }
      if (!r.firstError && r.status !== 'ok' && r.outputTail) r.firstError = r.outputTail;
      const summary =
        r.status === 'ok'
          ? `${fmtInt(r.eventsPerSecond)} ev/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms` +
            (r.verified === false ? `, LOST WRITES: stored ${r.stored} of ${r.acknowledged + warmup}` : '')
          : `${r.status.toUpperCase()} after ${r.seconds.toFixed(1)} s: ${r.acknowledged} acknowledged, ${r.errors} errors, ` +
            `${r.stored ?? '?'} rows stored${r.firstError ? `; ${r.firstError.split('\n')[0].slice(0, 200)}` : ''}`;
      progress.stop(summary);
      results.push({
        system: system.id,
        engine: system.engine,
        role: system.role,
        label: system.label,
        concurrency,
        timeoutS,
        ...r,
      });
    }
  }
  if (admin) {
    await admin.bench.end();
    await admin.admin.end();
  }

  const ratios = ratioRows(results, concurrencies);
  const targets = targetRows(ratios);
  const report = {
    benchmark: 'store',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    events,
    warmup,
    concurrencies,
    payloadBytes: PAYLOAD_BYTES,
    node: process.version,
    cpus: os.cpus().length,
    host: os.hostname(),
    postgres: admin?.settings ?? null,
    targets: TARGETS,
    limits: { caseTimeoutS, stallS, emmettSqliteTimeoutS },
    results,
    ratios,
    targetVerdicts: targets,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, 'store-latest.json'), json);
  const table = markdown(report);
  console.log(`\n${table}\n`);
  if (!process.env.BENCH_NO_DOCS) {
    writeDocs(table);
    console.log(`wrote bench/results/store-latest.json and docs/benchmarks.md`);
  } else {
    console.log(`wrote bench/results/store-latest.json`);
  }
}

const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  // Never outlive the parent (it kills us on time-out; this covers the parent dying).
  process.on('disconnect', () => process.exit(2));
  runToExit(() => runChild(JSON.parse(process.argv[childArg + 1])));
} else {
  runToExit(() => main());
}
