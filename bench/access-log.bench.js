#!/usr/bin/env node
/**
 * Access-log benchmark (issue 13): what recording every read costs. The built service (embedded SQLite) answers a
 * member's accounting (JSON, 20 disclosures) to autocannon at C=16 for BENCH_ACCESS_SECONDS (default 15) after a
 * 3 s warm-up, with LEDGER_ACCESS_LOG=on and =off alternately (BENCH_ACCESS_ROUNDS rounds, default 2; a fresh store
 * each time). With the log on, the service is then stopped (SIGTERM) and the reads recorded in the store (each
 * `ReadsRecorded` event holds a batch of them) are counted against the 200 answers autocannon saw: every answered read must be there.
 * Results: bench/results/access-log-latest.json and the table in docs/benchmarks.md (BENCH_NO_DOCS=1 to leave it).
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, line, runToExit, startService, writeDocsSection } from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
const SECONDS = Number(process.env.BENCH_ACCESS_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ACCESS_ROUNDS ?? 2);
const MEMBER = 'M-BENCH-ACCESS';
const INTRO =
  'What the access log (every read of a member’s records recorded, 164.312(b)) costs: a member’s accounting (JSON, 20 disclosures) read at 16 connections by autocannon from another process, with `LEDGER_ACCESS_LOG=on` and `=off` alternately on a fresh embedded store, and every answered read counted in the store afterwards. Regenerate with `npm run bench:access-log` (`BENCH_ACCESS_SECONDS`, `BENCH_ACCESS_ROUNDS`).';

async function round(mode) {
  const { issueLocalToken } = await import(join(ROOT, 'dist/auth/token-verifier.js'));
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-bench-access-'));
  const { base, stop } = await startService(ROOT, {
    LEDGER_DATA_DIR: dir,
    LEDGER_STORE: 'sqlite',
    DATABASE_URL: '',
    LEDGER_ACCESS_LOG: mode,
    LEDGER_RATE_LIMIT_PERSON_PER_MINUTE: '100000000',
  });
  try {
    const recorder = await issueLocalToken(dir, { subject: 'bench', roles: ['recorder'] });
    const member = await issueLocalToken(dir, { subject: MEMBER, roles: ['member'], ttlSeconds: 3600 });
    const items = Array.from({ length: 20 }, (_, i) => ({
      disclosureId: `A-${i}`,
      memberId: MEMBER,
      occurredAt: `2025-0${1 + (i % 9)}-1${i % 10}T15:00:00Z`,
      recipient: { name: `County Health Department ${i}`, address: 'Springfield' },
      channel: 'government',
      phiDescription: 'Immunization history',
      purpose: 'Public health reporting',
      legalBasis: { cfr: '164.512(b)(1)(i)', permitted: true },
    }));
    const res = await fetch(`${base}/v1/disclosure-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    if (res.status !== 200) throw new Error(`recording failed: ${res.status}`);
    const load = (duration) =>
      new Promise((resolve, reject) =>
        autocannon(
          {
            url: `${base}/v1/members/${MEMBER}/accounting`,
            connections: 16,
            duration,
            headers: { authorization: `Bearer ${member}` },
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
    const warm = await load(3);
    const r = await load(SECONDS);
    const answered = warm['2xx'] + r['2xx'];
    await stop();
    const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    const recorded = db
      .prepare(
        "SELECT coalesce(sum(json_array_length(data, '$.reads')), 0) AS n FROM events WHERE type = 'ReadsRecorded'",
      )
      .get().n;
    db.close();
    return {
      mode,
      requestsPerSecond: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      answered,
      recorded,
    };
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of i % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      const r = await round(mode);
      runs.push(r);
      line(
        `access log ${mode}: ${fmtInt(r.requestsPerSecond)} reads/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, ` +
          `${fmtInt(r.answered)} answered, ${fmtInt(r.recorded)} recorded`,
      );
    }
  }
  const mean = (mode, key) => {
    const xs = runs.filter((r) => r.mode === mode).map((r) => r[key]);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const on = mean('on', 'requestsPerSecond');
  const off = mean('off', 'requestsPerSecond');
  const slower = (1 - on / off) * 100;
  const result = {
    benchmark: 'access-log',
    finishedAt: new Date().toISOString(),
    node: process.version,
    seconds: SECONDS,
    runs,
    slowerPercent: slower,
  };
  writeFileSync(join(HERE, 'results', 'access-log-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const table = [
    `Run ${result.finishedAt} · ${ROUNDS} rounds of ${SECONDS} s per mode, C=16, embedded SQLite · Node ${process.version} · \`npm run bench:access-log\`.`,
    '',
    '| access log | reads/s | p50 ms | p99 ms | reads answered (warm-up included) | reads recorded in the store |',
    '|---|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${r.mode} | ${fmtInt(r.requestsPerSecond)} | ${fmtMs(r.p50Ms)} | ${fmtMs(r.p99Ms)} | ${fmtInt(r.answered)} | ${r.mode === 'on' ? fmtInt(r.recorded) : '–'} |`,
    ),
    '',
    `Mean: ${fmtInt(on)} reads/s with the log on, ${fmtInt(off)} off: **${slower.toFixed(1)}% slower** (target ≤ 10%).`,
  ].join('\n');
  line(table);
  if (!process.env.BENCH_NO_DOCS)
    writeDocsSection('access-log', 'Access log: the cost of recording every read', INTRO, table);
}

runToExit(main);
