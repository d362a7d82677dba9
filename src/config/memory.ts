/**
 * LEDGER_MEMORY_MB: one memory budget for the service, divided among what holds memory (docs/operations.md "Memory").
 * Without it the service keeps its throughput defaults (a 64 MB page cache and 1 GiB of memory-mapped reads per
 * read-model connection, V8's own young generation in every thread), which at ten million disclosures let RSS reach
 * about 2 GB. With it, for a budget of M MB:
 *
 * | what | share | at 512 MB |
 * |---|---|---|
 * | V8 old space of the main thread (a node flag: v8HeapFlags) | 3M / 8 | 192 MB |
 * | V8 semi-space of every thread (a node flag), only below V8's own 16 MB | M / 32, at least 8 MB | (V8's 16 MB) |
 * | SQLite page cache, each of the 4 read-model connections (2 in the service, 2 in the projection worker) | M / 64 | 8 MB |
 * | memory-mapped read-model reads, each connection (file pages, counted in RSS once touched) | M / 64 | 8 MB |
 * | member states kept between commands (LEDGER_MEMBER_CACHE, ~10 KB each) | M × 4 entries | 2,048 |
 * | events per projection page (LEDGER_PROJECTION_BATCH, ~2 KB each as objects) | M × 4, 500 to 5,000 | 2,048 |
 * | young generation of each worker thread (store writer, projections, audit) | M / 64, 8 to 32 MB | 8 MB |
 *
 * What is left (about a quarter) is the worker threads' old generations and Node itself. LEDGER_MEMBER_CACHE and
 * LEDGER_PROJECTION_BATCH, when set, win over their share. Pure: no I/O.
 */

export interface MemoryPlan {
  /** the budget this plan divides, MB (null: none was set) */
  budgetMb: number | null;
  /** SQLite page cache of each read-model connection, KiB */
  readModelCacheKb: number;
  /** bytes of the read-model file each connection may memory-map */
  readModelMmapBytes: number;
  /** member states kept between commands */
  memberCache: number;
  /** events read and applied per projection transaction */
  projectionBatch: number;
  /** young-generation limit of each worker thread, MB; null: V8's default */
  workerYoungGenerationMb: number | null;
}

const MB = 2 ** 20;
const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, Math.round(n)));

export function memoryPlan(
  budgetMb: number | undefined,
  set: { memberCache?: number; projectionBatch?: number } = {},
): MemoryPlan {
  if (budgetMb === undefined)
    return {
      budgetMb: null,
      readModelCacheKb: 64 * 1024,
      readModelMmapBytes: 1024 * MB,
      memberCache: set.memberCache ?? 5000,
      projectionBatch: set.projectionBatch ?? 5000,
      workerYoungGenerationMb: null,
    };
  return {
    budgetMb,
    readModelCacheKb: Math.floor((budgetMb * 1024) / 64),
    readModelMmapBytes: Math.floor(budgetMb / 64) * MB,
    memberCache: set.memberCache ?? budgetMb * 4,
    projectionBatch: set.projectionBatch ?? clamp(budgetMb * 4, 500, 5000),
    workerYoungGenerationMb: clamp(budgetMb / 64, 8, 32),
  };
}

/** What a worker thread is started with under the plan (Node's `resourceLimits`), or nothing. */
export function workerLimits(plan: MemoryPlan): { resourceLimits?: { maxYoungGenerationSizeMb: number } } {
  return plan.workerYoungGenerationMb === null
    ? {}
    : { resourceLimits: { maxYoungGenerationSizeMb: plan.workerYoungGenerationMb } };
}

/**
 * The V8 flags the service is started with (`npm start`, the Dockerfile: src/app/heap-flags.ts prints them): they
 * must be given when the process starts. Without a budget, a 64 MB semi-space (fewer scavenges on the write path);
 * with one, an old space of 3M / 8 MB for the main thread, and a semi-space flag only when M / 32 is below V8's own
 * 16 MB. A V8 flag holds in every isolate of the process and wins over a worker's `resourceLimits` (measured: with
 * `--max-semi-space-size=16` a worker limited to an 8 MB young generation still grows a 32 MB new space), so a flag
 * at the main thread's size would undo each worker's smaller share (workerLimits).
 */
export function v8HeapFlags(budgetMb: number | undefined): string[] {
  if (budgetMb === undefined) return ['--max-semi-space-size=64'];
  const oldSpace = `--max-old-space-size=${Math.floor((budgetMb * 3) / 8)}`;
  const semiSpace = Math.max(8, Math.round(budgetMb / 32));
  return semiSpace < V8_SEMI_SPACE_MB ? [`--max-semi-space-size=${semiSpace}`, oldSpace] : [oldSpace];
}

/** V8's default largest semi-space on 64-bit machines (a 32 MB new space), MB */
const V8_SEMI_SPACE_MB = 16;
