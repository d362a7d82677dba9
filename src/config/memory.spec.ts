import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';
import { memoryPlan, v8HeapFlags, workerLimits } from './memory.js';

describe('LEDGER_MEMORY_MB: one budget divided among caches, pages and threads', () => {
  it('without a budget keeps the throughput defaults (64 MB page cache, 1 GiB mapped, V8’s young generation)', () => {
    expect(loadConfig({}).memory).toEqual({
      budgetMb: null,
      readModelCacheKb: 65536,
      readModelMmapBytes: 2 ** 30,
      memberCache: 5000,
      projectionBatch: 5000,
      workerYoungGenerationMb: null,
    });
    expect(workerLimits(memoryPlan(undefined))).toEqual({});
  });

  it('divides 512 MB as docs/operations.md says: 4 × 8 MB cache, 4 × 8 MB mapped, 2,048 members, 2,048 events a page', () => {
    const config = loadConfig({ LEDGER_MEMORY_MB: '512' });
    expect(config.memory).toEqual({
      budgetMb: 512,
      readModelCacheKb: 8 * 1024,
      readModelMmapBytes: 8 * 2 ** 20,
      memberCache: 2048,
      projectionBatch: 2048,
      workerYoungGenerationMb: 8,
    });
    expect(config.LEDGER_MEMBER_CACHE).toBe(2048);
    expect(config.LEDGER_PROJECTION_BATCH).toBe(2048);
    expect(workerLimits(config.memory)).toEqual({ resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  });

  it('keeps each share within its bounds at the smallest and a large budget', () => {
    expect(memoryPlan(128)).toMatchObject({ projectionBatch: 512, workerYoungGenerationMb: 8 });
    expect(memoryPlan(8192)).toMatchObject({ projectionBatch: 5000, workerYoungGenerationMb: 32 });
    expect(memoryPlan(1024)).toMatchObject({ memberCache: 4096, workerYoungGenerationMb: 16 });
  });

  it('lets LEDGER_MEMBER_CACHE and LEDGER_PROJECTION_BATCH, when set, win over their share', () => {
    const config = loadConfig({ LEDGER_MEMORY_MB: '512', LEDGER_MEMBER_CACHE: '100', LEDGER_PROJECTION_BATCH: '7' });
    expect([config.LEDGER_MEMBER_CACHE, config.LEDGER_PROJECTION_BATCH]).toEqual([100, 7]);
    expect(config.memory).toMatchObject({ memberCache: 100, projectionBatch: 7, readModelCacheKb: 8 * 1024 });
  });

  it('refuses a budget below 128 MB, naming the variable', () => {
    expect(() => loadConfig({ LEDGER_MEMORY_MB: '64' })).toThrow(ConfigError);
    expect(() => loadConfig({ LEDGER_MEMORY_MB: '64' })).toThrow(/LEDGER_MEMORY_MB/);
  });
});

describe('the V8 flags the service starts with (npm start, the Dockerfile)', () => {
  it('are a 64 MB semi-space without a budget', () => {
    expect(v8HeapFlags(undefined)).toEqual(['--max-semi-space-size=64']);
  });

  it('hold the main thread to an old space of 3M / 8, and every thread to a semi-space of M / 32 only below V8’s 16 MB', () => {
    expect(v8HeapFlags(512)).toEqual(['--max-old-space-size=192']);
    expect(v8HeapFlags(4096)).toEqual(['--max-old-space-size=1536']);
    expect(v8HeapFlags(384)).toEqual(['--max-semi-space-size=12', '--max-old-space-size=144']);
    expect(v8HeapFlags(128)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=48']);
  });
});
