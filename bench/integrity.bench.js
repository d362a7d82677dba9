#!/usr/bin/env node
/**
 * Integrity benchmark: the RFC 9162 merkle log over a SQLite ledger of N events (default 10,000,000).
 *
 * Phases, each in its own child process (so each reports its own peak RSS), on the built product (../dist):
 *   1. hash ceiling   SHA-256(0x01 ‖ 32 B ‖ 32 B) in a loop with node:crypto (the RFC 9162 node hash, as
 *                     merkle/hashes.ts computes it) and SHA-256(0x00 ‖ envelope) of the real leaf size, one core.
 *   2. generate       N PhiDisclosed-like events (~630 B JSON) into a fresh SQLite event store file through the
 *                     product's SqliteEventStore.append: appends of BENCH_INTEGRITY_APPEND events to one member
 *                     stream each, BENCH_INTEGRITY_GROUP appends submitted per event-loop turn (one group commit).
 *                     Not measured against a target; reported for information.
 *   3. catch-up       ProjectionRunner + createMerkleLogProjection (checkpoint every LEDGER_CHECKPOINT_EVERY,
 *                     signed with the service's Ed25519 key) over the whole log into a fresh read-model DB
 *                     (SqliteReadModelDb, WAL, synchronous=FULL), batch size BENCH_INTEGRITY_BATCH. The store's
 *                     readAll and the projection's apply are timed separately (wrappers, no behaviour change).
 *   4. proofs         the product's IntegrityService (constructed as Nest does, same key file):
 *                     inclusionProof(position) at BENCH_INTEGRITY_PROOFS random positions against the latest
 *                     checkpoint, and consistencyProof(from, to) between random sizes; each one timed alone
 *                     (p50 / p99 / max); a sample of both is verified with the product's verifiers.
 *   5. audit          run-audit.js (what the audit worker thread and the CLI run) = auditLedger over the whole log,
 *                     seals included, must report verified.
 *
 * Environment:
 *   BENCH_INTEGRITY_EVENTS       events in the log (default 10000000; e.g. 100000 for a quick run)
 *   BENCH_INTEGRITY_BATCH        projection batch size (default 500 = LEDGER_PROJECTION_BATCH's default)
 *   BENCH_INTEGRITY_CHECKPOINT_EVERY  signed checkpoint every k leaves (default 1000 = LEDGER_CHECKPOINT_EVERY's)
 *   BENCH_INTEGRITY_PROOFS       inclusion proofs to time (default 10000); consistency proofs: a tenth of it
 *   BENCH_INTEGRITY_APPEND       events per append during generation (default 1000)
 *   BENCH_INTEGRITY_GROUP        appends submitted together during generation (default 4)
 *   BENCH_INTEGRITY_REUSE=1      reuse bench/data/integrity-events-<N>.sqlite when it already holds N events
 *                                (generation of 10M takes minutes); the read models are always rebuilt
 *   BENCH_INTEGRITY_KEEP=1       keep the data files afterwards (the events file is kept anyway with REUSE)
 *   BENCH_INTEGRITY_PHASES       comma list (default hash,generate,catchup,proofs,audit)
 *   BENCH_NO_DOCS=1              do not rewrite docs/benchmarks.md
 *   BENCH_INTEGRITY_RENDER=file  only re-render the docs table from a results JSON (no run)
 */
import { fork } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtS, runToExit, writeDocsSection } from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DATA_DIR = join(HERE, 'data'); // ignored by git (`data/`)
const RESULTS_DIR = join(HERE, 'results');
const INTRO =
  'The RFC 9162 merkle log over a SQLite ledger (`src/integrity/log/`): the merkle-log projection catching up on the whole global log, inclusion and consistency proofs from the stored nodes through `IntegrityService`, and the full audit, against a SHA-256 node-hash ceiling measured in the same run. Regenerate with `npm run bench:integrity` (`BENCH_INTEGRITY_EVENTS`, default 10,000,000).';
const ORIGIN = 'bench.phi-ledger.local/ledger';

const TARGETS = {
  ingestEventsPerSecond: 100_000,
  inclusionP99Ms: 1,
  inclusionAtEvents: 10_000_000,
  auditSeconds: 60,
  auditAtEvents: 10_000_000,
  hashCeilingPerSecond: 750_000,
};

const envInt = (name, fallback) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
};

// ---------------------------------------------------------------------------------------------------------------
// Workload
// ---------------------------------------------------------------------------------------------------------------

/** A PhiDisclosed-like payload (regulation.md §2.7), ~630 bytes of JSON, as in store.bench.js. */
function disclosure(i, memberId) {
  return {
    disclosureId: randomUUID(),
    idempotencyKey: `bench-integrity-${i}`,
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

const RECORDED_BY = { subject: 'bench', clientId: 'integrity-bench' };

// ---------------------------------------------------------------------------------------------------------------
// Children: one per phase, report over IPC
// ---------------------------------------------------------------------------------------------------------------

const send = (msg) => new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));

function throttled(fn, ms = 200) {
  let last = 0;
  return (...args) => {
    const now = performance.now();
    if (now - last >= ms) {
      last = now;
      fn(...args);
    }
  };
}

/** user + system CPU seconds of this process (all threads: V8's background GC included) since `start`. */
const cpuSince = (start) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

function quantiles(samples) {
  const s = Float64Array.from(samples).sort();
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return {
    count: s.length,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: s[s.length - 1],
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

function config(spec) {
  // What IntegrityService and the key loader read; the key file is created on first use, in the run's data dir.
  return {
    LEDGER_DATA_DIR: spec.dir,
    LEDGER_LOG_ORIGIN: ORIGIN,
    LEDGER_CHECKPOINT_SECONDS: 3600,
    LEDGER_CHECKPOINT_EVERY: spec.checkpointEvery,
    LEDGER_PROJECTION_BATCH: spec.batch,
    LEDGER_CHECKPOINT_TRUSTED_KEYS: [],
  };
}

/** The store as the service opens it: every commit sealed with the checkpoint key (src/event-store/seal.ts). */
async function sealing(spec) {
  const { loadCheckpointSigner } = await import('../dist/integrity/log/integrity-keys.js');
  const { exportNoteSignerPem } = await import('../dist/integrity/checkpoints/note-keys.js');
  return { origin: ORIGIN, keyPem: exportNoteSignerPem(loadCheckpointSigner(config(spec))) };
}

async function phaseHash() {
  // The node hash exactly as merkle/hashes.ts computes it (three updates), and as one 65-byte update.
  const prefix = Buffer.from([0x01]);
  const left = randomBytes(32);
  const right = randomBytes(32);
  const joined = Buffer.concat([prefix, left, right]);
  const envelope = randomBytes(720); // a canonical envelope of the bench payload is ~720 B
  const leafPrefix = Buffer.from([0x00]);
  const cases = {
    nodeHash: () => createHash('sha256').update(prefix).update(left).update(right).digest(),
    nodeHashOneUpdate: () => createHash('sha256').update(joined).digest(),
    leafHash720B: () => createHash('sha256').update(leafPrefix).update(envelope).digest(),
  };
  const out = {};
  for (const [name, fn] of Object.entries(cases)) {
    let best = 0;
    for (let round = 0; round < 3; round++) {
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < 700) {
        for (let i = 0; i < 2000; i++) fn();
        n += 2000;
        t = performance.now();
      }
      best = Math.max(best, n / ((t - t0) / 1000));
      await send({ type: 'progress', done: Object.keys(out).length * 3 + round + 1, total: 9 });
    }
    out[name] = Math.round(best);
  }
  return { perSecond: out };
}

async function phaseGenerate(spec) {
  const { SqliteEventStore } = await import('../dist/event-store/sqlite/sqlite-event-store.js');
  for (const ext of ['', '-wal', '-shm']) rmSync(spec.eventsFile + ext, { force: true });
  const store = new SqliteEventStore(spec.eventsFile, { sealing: await sealing(spec) });
  const N = spec.events;
  const per = spec.appendEvents;
  const report = throttled((done) => void send({ type: 'progress', done, total: N }));
  let done = 0;
  let member = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (done < N) {
    const appends = [];
    for (let g = 0; g < spec.group && done < N; g++) {
      const count = Math.min(per, N - done);
      const memberId = `m-${(member++).toString().padStart(8, '0')}`;
      const events = [];
      for (let k = 0; k < count; k++) {
        events.push({
          eventId: randomUUID(),
          type: 'PhiDisclosed',
          version: 1,
          data: disclosure(done + k, memberId),
          recordedBy: RECORDED_BY,
          correlationId: randomUUID(),
        });
      }
      appends.push(store.append(`member-${memberId}`, events, 'no-stream'));
      done += count;
    }
    await Promise.all(appends);
    report(done);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu0);
  const head = Number(await store.head());
  await store.close();
  if (head !== N) throw new Error(`generated ${head} events, expected ${N}`);
  return {
    events: N,
    seconds,
    eventsPerSecond: N / seconds,
    cpuSeconds,
    eventsPerCpuSecond: N / cpuSeconds,
    appendEvents: per,
    group: spec.group,
  };
}

async function openProduct(spec) {
  await import('reflect-metadata');
  const { SqliteEventStore } = await import('../dist/event-store/sqlite/sqlite-event-store.js');
  const { SqliteReadModelDb } = await import('../dist/projections/sqlite-read-model-db.js');
  const store = new SqliteEventStore(spec.eventsFile, { sealing: await sealing(spec) });
  const db = new SqliteReadModelDb(spec.readModelsFile);
  return { store, db };
}

async function phaseCatchup(spec) {
  for (const ext of ['', '-wal', '-shm']) rmSync(spec.readModelsFile + ext, { force: true });
  const { ProjectionRunner } = await import('../dist/projections/projection-runner.js');
  const { createMerkleLogProjection } = await import('../dist/integrity/log/merkle-log.projection.js');
  const { checkpointPolicy } = await import('../dist/integrity/log/integrity-keys.js');
  const { store, db } = await openProduct(spec);
  // as the service runs it: following the writer's seal chain
  const projection = createMerkleLogProjection({
    ...checkpointPolicy(config(spec)),
    checkpointEvery: spec.checkpointEvery,
  });
  // Timing wrappers: same calls, same arguments.
  const timing = { readAllMs: 0, applyMs: 0, batches: 0 };
  const timedStore = Object.create(store);
  timedStore.readAll = async (after, limit) => {
    const t = performance.now();
    try {
      return await store.readAll(after, limit);
    } finally {
      timing.readAllMs += performance.now() - t;
    }
  };
  timedStore.head = () => store.head();
  const timedProjection = {
    ...projection,
    apply: async (tx, events) => {
      const t = performance.now();
      try {
        return await projection.apply(tx, events);
      } finally {
        timing.applyMs += performance.now() - t;
        timing.batches++;
      }
    },
  };
  const runner = new ProjectionRunner(timedStore, db, timedProjection, spec.batch);
  await runner.ensureSchema();
  const report = throttled((done, total) => void send({ type: 'progress', done: Number(done), total: Number(total) }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const at = await runner.catchUp(report);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu0);
  const { treeSize } = await import('../dist/integrity/log/node-table.js');
  const { latestCheckpoint } = await import('../dist/integrity/log/checkpoint-issuer.js');
  const leaves = await treeSize(db);
  const latest = await latestCheckpoint(db);
  // stored rows of the tree: subtrees of height 8 and above, and tiles of 256 leaves (node-table.ts)
  const nodes = (await db.all('SELECT count(*) AS n FROM merkle_nodes'))[0].n;
  const tiles = (await db.all('SELECT count(*) AS n FROM merkle_tiles'))[0].n;
  const checkpoints = (await db.all('SELECT count(*) AS n FROM integrity_checkpoints'))[0].n;
  await db.close();
  await store.close();
  if (Number(at) !== spec.events || leaves !== spec.events) {
    throw new Error(`catch-up reached ${at} (tree ${leaves} leaves), expected ${spec.events}`);
  }
  const otherMs = seconds * 1000 - timing.readAllMs - timing.applyMs;
  return {
    events: spec.events,
    seconds,
    eventsPerSecond: spec.events / seconds,
    cpuSeconds,
    eventsPerCpuSecond: spec.events / cpuSeconds,
    batch: spec.batch,
    checkpointEvery: spec.checkpointEvery,
    batches: timing.batches,
    nodes: Number(nodes),
    tiles: Number(tiles),
    checkpoints: Number(checkpoints),
    latestCheckpoint: latest?.size ?? null,
    split: { readAllMs: timing.readAllMs, applyMs: timing.applyMs, runnerAndCommitMs: otherMs },
  };
}

async function integrityService(spec) {
  const { IntegrityService } = await import('../dist/integrity/log/integrity.service.js');
  const { store, db } = await openProduct(spec);
  // proofs need no audit worker (the audit phase runs the worker's own code, run-audit.js, in this process)
  return { service: new IntegrityService(config(spec), db, null), store, db };
}

async function phaseProofs(spec) {
  const { service, store, db } = await integrityService(spec);
  const { verifyInclusionProof, verifyConsistencyProof } = await import('../dist/integrity/merkle/rfc9162.js');
  const { rootAt, latestCheckpoint } = await import('../dist/integrity/log/checkpoint-issuer.js');
  const latest = await latestCheckpoint(db);
  if (!latest) throw new Error('no checkpoint: run the catch-up phase first');
  const size = latest.size;
  const randomPosition = () => 1 + Math.floor(Math.random() * size);
  const total = spec.proofs + Math.ceil(spec.proofs / 10);
  const report = throttled((done) => void send({ type: 'progress', done, total }));

  // Warm-up: statement preparation, JIT, the page cache of the upper tree levels.
  for (let i = 0; i < 200; i++) await service.inclusionProof(randomPosition());
  const inclusion = new Float64Array(spec.proofs);
  const checks = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < spec.proofs; i++) {
    const position = randomPosition();
    const t = performance.now();
    const proof = await service.inclusionProof(position);
    inclusion[i] = performance.now() - t;
    if (i % 100 === 0) checks.push(proof);
    report(i + 1);
  }
  const inclusionSeconds = (performance.now() - t0) / 1000;
  const inclusionCpuMs = (cpuSince(cpu0) * 1000) / spec.proofs;
  for (const p of checks) {
    const ok = verifyInclusionProof({
      leafIndex: p.leafIndex,
      treeSize: p.treeSize,
      leafHash: Buffer.from(p.leafHash, 'base64'),
      proof: p.hashes.map((h) => Buffer.from(h, 'base64')),
      rootHash: latest.rootHash,
    });
    if (!ok) throw new Error(`inclusion proof of position ${p.position} in ${p.treeSize} does not verify`);
  }

  const consistencyCount = Math.ceil(spec.proofs / 10);
  const consistency = new Float64Array(consistencyCount);
  const pairs = [];
  for (let i = 0; i < consistencyCount; i++) {
    const a = randomPosition();
    const b = randomPosition();
    pairs.push(i % 2 === 0 ? [Math.min(a, b), size] : [Math.min(a, b), Math.max(a, b)]);
  }
  for (let i = 0; i < 50; i++) await service.consistencyProof(...pairs[i % pairs.length]);
  const consistencyChecks = [];
  for (let i = 0; i < consistencyCount; i++) {
    const t = performance.now();
    const proof = await service.consistencyProof(...pairs[i]);
    consistency[i] = performance.now() - t;
    if (i % 50 === 0) consistencyChecks.push(proof);
    report(spec.proofs + i + 1);
  }
  for (const p of consistencyChecks) {
    const ok = verifyConsistencyProof({
      fromSize: p.from,
      toSize: p.to,
      fromRoot: await rootAt(db, p.from),
      toRoot: await rootAt(db, p.to),
      proof: p.hashes.map((h) => Buffer.from(h, 'base64')),
    });
    if (!ok) throw new Error(`consistency proof ${p.from} → ${p.to} does not verify`);
  }
  await db.close();
  await store.close();
  return {
    treeSize: size,
    inclusion: {
      ...quantiles(inclusion),
      perSecond: spec.proofs / inclusionSeconds,
      cpuMsPerProof: inclusionCpuMs,
      verified: checks.length,
    },
    consistency: {
      ...quantiles(consistency),
      verified: consistencyChecks.length,
      note: 'half to the latest checkpoint, half between two random sizes',
    },
  };
}

async function phaseAudit(spec) {
  const { runAudit } = await import('../dist/integrity/log/run-audit.js');
  const { store, db } = await openProduct(spec);
  const report = throttled((done, total) => void send({ type: 'progress', done, total }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runAudit(store, db, config(spec), { progress: report });
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu0);
  await db.close();
  await store.close();
  if (!result.verified || result.checkedEvents !== spec.events) {
    throw new Error(`audit did not verify: ${JSON.stringify(result)}`);
  }
  return {
    events: result.checkedEvents,
    checkpointsChecked: result.checkpointsChecked,
    seconds,
    eventsPerSecond: result.checkedEvents / seconds,
    cpuSeconds,
    eventsPerCpuSecond: result.checkedEvents / cpuSeconds,
  };
}

const PHASES = {
  hash: phaseHash,
  generate: phaseGenerate,
  catchup: phaseCatchup,
  proofs: phaseProofs,
  audit: phaseAudit,
};

async function runChild(phase, spec) {
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 250);
  sampler.unref();
  const result = await PHASES[phase](spec);
  clearInterval(sampler);
  await send({ type: 'done', result: { ...result, rssMb: Math.max(peak, rssMb()), maxRssMb: maxRssMb() } });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: progress, results, docs
// ---------------------------------------------------------------------------------------------------------------

function makeProgress() {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  if (tty) {
    return import('cli-progress').then(({ default: cliProgress }) => ({
      start(label, unit) {
        this.unit = unit;
        this.bar = new cliProgress.SingleBar(
          {
            format: `${label.padEnd(34)} {bar} {percentage}% | {value}/{total} | {rate} ${unit}/s | RSS {rss} MB`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        this.t0 = performance.now();
        this.bar.start(1, 0, { rate: 0, rss: 0 });
      },
      update(done, total, rss) {
        const rate = Math.round(done / ((performance.now() - this.t0) / 1000 || 1));
        this.bar.setTotal(total);
        this.bar.update(done, { rate, rss: Math.round(rss) });
      },
      stop(line) {
        this.bar.stop();
        if (line) console.log(`  ${line}`);
      },
    }));
  }
  return Promise.resolve({
    start(label, unit) {
      this.label = label;
      this.unit = unit;
      this.t0 = performance.now();
      this.last = 0;
      console.log(`${label}: started`);
    },
    update(done, total, rss) {
      const now = performance.now();
      if (now - this.last < 5000) return;
      this.last = now;
      const rate = Math.round(done / ((now - this.t0) / 1000 || 1));
      console.log(
        `${this.label}: ${done}/${total} (${Math.round((100 * done) / total)}%), ${rate} ${this.unit}/s, RSS ${Math.round(rss)} MB`,
      );
    },
    stop(line) {
      console.log(`${this.label}: ${line}`);
    },
  });
}

function runPhase(phase, spec, progress) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', phase, JSON.stringify(spec)], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result = null;
    child.stderr.on('data', (d) => (stderr = (stderr + d.toString()).slice(-4000)));
    let rss = 0;
    const sampler = setInterval(() => {
      // The child's RSS as the OS sees it (Linux), for the progress line.
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        /* not Linux, or exited */
      }
    }, 500);
    child.on('message', (msg) => {
      if (msg.type === 'progress') progress.update(msg.done, msg.total, rss);
      if (msg.type === 'done') result = msg.result;
    });
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`phase ${phase} failed (${signal ?? `exit ${code}`}):\n${stderr}`));
    });
  });
}

const fmtMs = (ms) => (ms == null ? '–' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));
const verdict = (ok) => (ok == null ? 'not measured' : ok ? 'met' : '**missed**');
const fileMb = (f) =>
  ['', '-wal'].reduce((sum, ext) => sum + (existsSync(f + ext) ? statSync(f + ext).size : 0), 0) / 2 ** 20;

/** The extrapolation to the target size: throughput phases scale linearly; proofs grow with log2(n). */
function extrapolate(report) {
  const { events, phases: p } = report;
  const out = {};
  if (p.catchup) out.catchupSeconds = TARGETS.inclusionAtEvents / p.catchup.eventsPerSecond;
  if (p.catchup) out.catchupCpuSeconds = TARGETS.inclusionAtEvents / p.catchup.eventsPerCpuSecond;
  if (p.audit) out.auditSeconds = TARGETS.auditAtEvents / p.audit.eventsPerSecond;
  if (p.audit) out.auditCpuSeconds = TARGETS.auditAtEvents / p.audit.eventsPerCpuSecond;
  if (p.proofs) {
    const depth = (n) => Math.ceil(Math.log2(n));
    const factor = depth(TARGETS.inclusionAtEvents) / depth(Math.max(2, p.proofs.treeSize));
    out.inclusionP99Ms = p.proofs.inclusion.p99Ms * factor;
    out.inclusionFactor = factor;
  }
  out.fromEvents = events;
  return out;
}

function targetRows(report) {
  const { phases: p, events } = report;
  const full = events >= TARGETS.inclusionAtEvents;
  const x = report.extrapolated;
  const ceiling = p.hash?.perSecond.nodeHash;
  const rows = [];
  rows.push({
    target: `leaf ingestion ≥ ${fmtInt(TARGETS.ingestEventsPerSecond)} events/s`,
    measured: p.catchup
      ? `${fmtInt(p.catchup.eventsPerSecond)} events/s (${fmtInt(p.catchup.eventsPerCpuSecond)} per CPU-second)`
      : '–',
    verdict: verdict(p.catchup && p.catchup.eventsPerSecond >= TARGETS.ingestEventsPerSecond),
  });
  rows.push({
    target: `inclusion proof ≤ ${TARGETS.inclusionP99Ms} ms p99 at ${fmtInt(TARGETS.inclusionAtEvents)} events`,
    measured: p.proofs
      ? `${fmtMs(p.proofs.inclusion.p99Ms)} ms at ${fmtInt(p.proofs.treeSize)}` +
        (full ? '' : ` (≈ ${fmtMs(x.inclusionP99Ms)} ms extrapolated)`)
      : '–',
    verdict: p.proofs
      ? verdict((full ? p.proofs.inclusion.p99Ms : x.inclusionP99Ms) <= TARGETS.inclusionP99Ms) +
        (full ? '' : ' (extrapolated)')
      : 'not measured',
  });
  rows.push({
    target: `full audit of ${fmtInt(TARGETS.auditAtEvents)} events ≤ ${TARGETS.auditSeconds} s`,
    measured: p.audit
      ? `${fmtS(p.audit.seconds)} s for ${fmtInt(p.audit.events)}` +
        (full
          ? ` (${fmtS(p.audit.cpuSeconds)} CPU-s)`
          : ` (≈ ${fmtS(x.auditSeconds)} s extrapolated, ${fmtS(x.auditCpuSeconds)} CPU-s)`)
      : '–',
    verdict: p.audit
      ? verdict((full ? p.audit.seconds : x.auditSeconds) <= TARGETS.auditSeconds) + (full ? '' : ' (extrapolated)')
      : 'not measured',
  });
  rows.push({
    target: `hashing ceiling ~${fmtInt(TARGETS.hashCeilingPerSecond)} node hashes/s on one core`,
    measured: ceiling ? `${fmtInt(ceiling)} /s` : '–',
    verdict: ceiling ? 'reference' : 'not measured',
  });
  return rows;
}

function markdown(report) {
  const { phases: p } = report;
  const ceiling = p.hash?.perSecond.nodeHash;
  const pct = (v) => (ceiling && v ? `${((100 * v) / ceiling).toFixed(1)}% of ceiling` : '');
  const smoke = report.events < 1_000_000;
  const lines = [];
  lines.push(
    `Run ${report.startedAt} · ${fmtInt(report.events)} events (~${report.payloadBytes} B JSON payload) · ` +
      `batch ${report.batch} · checkpoint every ${fmtInt(report.checkpointEvery)} · Node ${report.node} · ${report.cpus} CPUs · ` +
      `\`npm run bench:integrity\`${report.events !== 10_000_000 ? ` with BENCH_INTEGRITY_EVENTS=${report.events}` : ''}` +
      `${smoke ? ' (**smoke run: too short for real figures**)' : ''}.`,
  );
  lines.push('');
  lines.push('| phase | result | rate (wall clock) | rate per CPU-second | vs hashing ceiling | peak RSS |');
  lines.push('|---|---|---:|---:|---|---:|');
  if (p.hash) {
    lines.push(
      `| hashing ceiling: SHA-256(0x01 ‖ 32 B ‖ 32 B), node:crypto, one core | ` +
        `one 65 B update: ${fmtInt(p.hash.perSecond.nodeHashOneUpdate)} /s; leaf of 720 B: ${fmtInt(p.hash.perSecond.leafHash720B)} /s | ` +
        `${fmtInt(ceiling)} /s | | 100% | ${fmtInt(p.hash.maxRssMb)} MB |`,
    );
  }
  if (p.generate) {
    lines.push(
      `| generate (SqliteEventStore.append, ${p.generate.appendEvents} events per append, ${p.generate.group} per commit) | ` +
        `${fmtInt(p.generate.events)} events in ${fmtS(p.generate.seconds)} s, ${fmtInt(report.files.eventsMb)} MB | ` +
        `${fmtInt(p.generate.eventsPerSecond)} events/s | ${fmtInt(p.generate.eventsPerCpuSecond)} events/s | | ${fmtInt(p.generate.maxRssMb)} MB |`,
    );
  }
  if (p.catchup) {
    const c = p.catchup;
    const share = (ms) => `${((100 * ms) / (c.seconds * 1000)).toFixed(0)}%`;
    lines.push(
      `| leaf ingestion: merkle-log catch-up (ProjectionRunner) | ${fmtInt(c.events)} leaves, ${c.tiles == null ? '' : `${fmtInt(c.tiles)} tiles, `}${fmtInt(c.nodes)} nodes, ` +
        `${fmtInt(c.checkpoints)} signed checkpoints in ${fmtS(c.seconds)} s, ${fmtInt(report.files.readModelsMb)} MB; time in ` +
        `store.readAll ${share(c.split.readAllMs)}, apply ${share(c.split.applyMs)}, runner + commit ${share(c.split.runnerAndCommitMs)} | ` +
        `${fmtInt(c.eventsPerSecond)} events/s | ${fmtInt(c.eventsPerCpuSecond)} events/s | ${pct(c.eventsPerSecond)} | ${fmtInt(c.maxRssMb)} MB |`,
    );
  }
  if (p.proofs) {
    const i = p.proofs.inclusion;
    const k = p.proofs.consistency;
    lines.push(
      `| inclusion proofs (IntegrityService.inclusionProof, tree ${fmtInt(p.proofs.treeSize)}) | ` +
        `${fmtInt(i.count)} random positions: p50 ${fmtMs(i.p50Ms)} ms, p99 ${fmtMs(i.p99Ms)} ms, max ${fmtMs(i.maxMs)} ms | ` +
        `${fmtInt(i.perSecond)} proofs/s | ${fmtMs(i.cpuMsPerProof)} CPU-ms per proof | | ${fmtInt(p.proofs.maxRssMb)} MB |`,
    );
    lines.push(
      `| consistency proofs (IntegrityService.consistencyProof) | ${fmtInt(k.count)} random pairs: ` +
        `p50 ${fmtMs(k.p50Ms)} ms, p99 ${fmtMs(k.p99Ms)} ms, max ${fmtMs(k.maxMs)} ms | | | | (same process) |`,
    );
  }
  if (p.audit) {
    const a = p.audit;
    lines.push(
      `| full audit (run-audit: the audit worker's code) | ${fmtInt(a.events)} events and ${fmtInt(a.checkpointsChecked)} ` +
        `checkpoints verified in ${fmtS(a.seconds)} s | ${fmtInt(a.eventsPerSecond)} events/s | ${fmtInt(a.eventsPerCpuSecond)} events/s | ${pct(a.eventsPerSecond)} | ` +
        `${fmtInt(a.maxRssMb)} MB |`,
    );
  }
  lines.push('');
  lines.push(
    'Targets (at 10,000,000 events; a smaller run is extrapolated: catch-up and audit linearly, inclusion proofs' +
      ' by tree depth ⌈log₂ n⌉):',
  );
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  for (const t of report.targetVerdicts) lines.push(`| ${t.target} | ${t.measured} | ${t.verdict} |`);
  lines.push('');
  lines.push(
    '"vs hashing ceiling" divides a rate by node hashes/s measured in the same run: each event costs one leaf hash' +
      ' of its ~720 B canonical envelope plus on average one node hash, so 50% of the ceiling would be pure hashing with' +
      ' nothing else. "Per CPU-second" divides by the phase process\'s user + system CPU time (all its threads, V8\'s' +
      ' background GC included): on a shared machine it is the steadier figure (wall time also counts fsync waits and time the scheduler gave to other processes;' +
      ` load average ${report.loadavg.start} at the start, ${report.loadavg.end} at the end).` +
      " Each phase runs in its own process; peak RSS is that process's maximum resident set. The read" +
      ' models are SQLite (WAL; synchronous=FULL when this run was made, NORMAL since) next to the event store, as in the embedded default.' +
      ' Inclusion proofs extrapolated by tree depth are a lower bound: each proof reads ~⌈log₂ n⌉ random nodes, and at' +
      " 10M events the node table (~1.4 GB) is far beyond SQLite's default 2 MB page cache, so more of those reads go" +
      ' to the OS page cache than in a smaller run. Full results: `bench/results/integrity-latest.json`.',
  );
  return lines.join('\n');
}

function writeDocs(table) {
  writeDocsSection('integrity', 'Integrity: merkle log, proofs, audit', INTRO, table);
}

async function main() {
  if (process.env.BENCH_INTEGRITY_RENDER) {
    // Re-render the docs table from a results file (e.g. after editing the table's wording), without a run.
    const report = JSON.parse(readFileSync(process.env.BENCH_INTEGRITY_RENDER, 'utf8'));
    report.extrapolated = extrapolate(report);
    report.targetVerdicts = targetRows(report);
    const table = markdown(report);
    console.log(table);
    if (!process.env.BENCH_NO_DOCS) writeDocs(table);
    return;
  }
  const events = envInt('BENCH_INTEGRITY_EVENTS', 10_000_000);
  const spec = {
    events,
    batch: envInt('BENCH_INTEGRITY_BATCH', 500),
    checkpointEvery: envInt('BENCH_INTEGRITY_CHECKPOINT_EVERY', 1000),
    proofs: envInt('BENCH_INTEGRITY_PROOFS', 10_000),
    appendEvents: envInt('BENCH_INTEGRITY_APPEND', 1000),
    group: envInt('BENCH_INTEGRITY_GROUP', 4),
  };
  const reuse = process.env.BENCH_INTEGRITY_REUSE === '1';
  const keep = process.env.BENCH_INTEGRITY_KEEP === '1';
  const phases = (process.env.BENCH_INTEGRITY_PHASES ?? 'hash,generate,catchup,proofs,audit')
    .split(',')
    .map((s) => s.trim());
  for (const ph of phases)
    if (!PHASES[ph]) throw new Error(`unknown phase ${ph}; known: ${Object.keys(PHASES).join(', ')}`);
  if (!existsSync(join(ROOT, 'dist', 'integrity', 'log', 'merkle-log.projection.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm run bench:integrity does)');
  }
  const startedAt = new Date();
  const loadStart = os.loadavg()[0].toFixed(2);
  const dir = join(DATA_DIR, `integrity-${events}`);
  mkdirSync(dir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  spec.dir = dir;
  spec.eventsFile = join(dir, 'events.sqlite');
  spec.readModelsFile = join(dir, 'read-models.sqlite');

  console.log(
    `integrity bench: ${fmtInt(events)} events, batch ${spec.batch}, checkpoint every ${spec.checkpointEvery}, ` +
      `${fmtInt(spec.proofs)} inclusion proofs, phases ${phases.join(', ')}, data in ${relative(ROOT, dir)}`,
  );

  let reused = false;
  if (phases.includes('generate') && reuse && existsSync(spec.eventsFile)) {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(spec.eventsFile, { readonly: true });
    const head = db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck().get();
    db.close();
    reused = head === events;
    if (reused) console.log(`reusing ${relative(ROOT, spec.eventsFile)} (${fmtInt(head)} events)`);
  }

  const labels = {
    hash: ['hashing ceiling (node:crypto)', 'rounds'],
    generate: ['generate events (SqliteEventStore)', 'ev'],
    catchup: ['merkle-log catch-up', 'ev'],
    proofs: ['inclusion + consistency proofs', 'proofs'],
    audit: ['full audit', 'ev'],
  };
  const results = {};
  for (const phase of phases) {
    if (phase === 'generate' && reused) continue;
    const progress = await makeProgress();
    progress.start(...labels[phase]);
    const r = await runPhase(phase, spec, progress);
    results[phase] = r;
    progress.stop(summary(phase, r));
  }

  const payloadBytes = Buffer.byteLength(JSON.stringify(disclosure(0, 'm-00000000')));
  const report = {
    benchmark: 'integrity',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    events,
    batch: spec.batch,
    checkpointEvery: spec.checkpointEvery,
    proofs: spec.proofs,
    payloadBytes,
    reusedEvents: reused,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadavg: { start: loadStart, end: os.loadavg()[0].toFixed(2) },
    host: os.hostname(),
    targets: TARGETS,
    files: { eventsMb: fileMb(spec.eventsFile), readModelsMb: fileMb(spec.readModelsFile) },
    phases: results,
  };
  report.extrapolated = extrapolate(report);
  report.targetVerdicts = targetRows(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, 'integrity-latest.json'), json);
  const table = markdown(report);
  console.log(`\n${table}\n`);
  if (!process.env.BENCH_NO_DOCS) writeDocs(table);
  console.log(
    `wrote bench/results/integrity-latest.json` + `${process.env.BENCH_NO_DOCS ? '' : ' and docs/benchmarks.md'}`,
  );
  if (!keep && !reuse) rmSync(dir, { recursive: true, force: true });
  else if (!keep) for (const ext of ['', '-wal', '-shm']) rmSync(spec.readModelsFile + ext, { force: true });
}

function summary(phase, r) {
  switch (phase) {
    case 'hash':
      return (
        `node hash ${fmtInt(r.perSecond.nodeHash)} /s, one-update ${fmtInt(r.perSecond.nodeHashOneUpdate)} /s, ` +
        `720 B leaf ${fmtInt(r.perSecond.leafHash720B)} /s`
      );
    case 'generate':
      return `${fmtInt(r.events)} events in ${fmtS(r.seconds)} s (${fmtInt(r.eventsPerSecond)} ev/s), peak RSS ${fmtInt(r.maxRssMb)} MB`;
    case 'catchup':
      return (
        `${fmtInt(r.eventsPerSecond)} ev/s (${fmtS(r.seconds)} s; readAll ${fmtS(r.split.readAllMs / 1000)} s, ` +
        `apply ${fmtS(r.split.applyMs / 1000)} s, runner + commit ${fmtS(r.split.runnerAndCommitMs / 1000)} s), ` +
        `${fmtInt(r.checkpoints)} checkpoints, peak RSS ${fmtInt(r.maxRssMb)} MB`
      );
    case 'proofs':
      return (
        `inclusion p50 ${fmtMs(r.inclusion.p50Ms)} ms, p99 ${fmtMs(r.inclusion.p99Ms)} ms; consistency ` +
        `p50 ${fmtMs(r.consistency.p50Ms)} ms, p99 ${fmtMs(r.consistency.p99Ms)} ms (tree ${fmtInt(r.treeSize)}), peak RSS ${fmtInt(r.maxRssMb)} MB`
      );
    case 'audit':
      return (
        `${fmtInt(r.events)} events in ${fmtS(r.seconds)} s (${fmtInt(r.eventsPerSecond)} ev/s), ` +
        `${fmtInt(r.checkpointsChecked)} checkpoints, peak RSS ${fmtInt(r.maxRssMb)} MB`
      );
    default:
      return '';
  }
}

const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  process.on('disconnect', () => process.exit(2));
  runToExit(() => runChild(process.argv[childArg + 1], JSON.parse(process.argv[childArg + 2])));
} else {
  runToExit(() => main());
}
