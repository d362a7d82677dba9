/**
 * The writer thread (src/event-store/writer-thread.ts) as the event-loop side sees it, with a real worker thread
 * whose committer can be told to fail: a commit it cannot make fails as StoreUnavailableError (503, retry), a
 * thread that dies fails the commits in flight and the next commit starts a new thread.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EncodedAppend } from '../../src/event-store/encoded-append.js';
import { StoreUnavailableError } from '../../src/event-store/errors.js';
import { committingQueue, WriterThread } from '../../src/event-store/writer-thread.js';
import { workerFile } from '../../src/event-store/worker-file.js';

const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-writer-thread-'));
// the thread side is the real serveWriter (compiled, as the service runs it); only the committer is a test double
const serve = workerFile(import.meta.url.replace('/test/event-store/', '/src/event-store/'), './writer-thread.js');
const script = join(dir, 'test-writer.worker.mjs');
writeFileSync(
  script,
  `
import { threadId } from 'node:worker_threads';
import { serveWriter } from ${JSON.stringify(serve.href)};
let next = 0;
await serveWriter(() => ({
  commit(batch) {
    if (batch.some((r) => r.stream === 'die')) process.exit(3); // ends this thread only
    if (batch.some((r) => r.stream === 'disk-full')) throw new Error('SQLITE_FULL: database or disk is full');
    return batch.map((r) => ({ ok: true, value: { nextRevision: BigInt(threadId), positions: [BigInt(++next)], replayed: false } }));
  },
  close: async () => undefined,
}));
`,
);

const append = (stream: string): EncodedAppend => ({
  stream,
  expected: 'any',
  events: [{ eventId: `${stream}-1`, type: 'T', version: 1, recordedBy: '{}', correlationId: 'c', data: '{}' }],
});

describe('writer thread', () => {
  const thread = new WriterThread(pathToFileURL(script), null);
  let committed = 0;
  const queue = committingQueue(thread, 'Test', () => committed++);
  afterAll(async () => {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits on the thread and answers each append with its outcome', async () => {
    const [a, b] = await Promise.all([queue.submit(append('a')), queue.submit(append('b'))]);
    expect(a.positions[0] + 1n).toBe(b.positions[0]); // one group, in order
    expect(committed).toBe(1);
  });

  it('a commit the thread cannot make fails as StoreUnavailableError; the thread stays and commits the next one', async () => {
    const first = await queue.submit(append('x'));
    await expect(queue.submit(append('disk-full'))).rejects.toBeInstanceOf(StoreUnavailableError);
    const after = await queue.submit(append('y'));
    expect(after.nextRevision).toBe(first.nextRevision); // same thread (its id)
  });

  it('a thread that dies fails the commit in flight; the next commit starts a new thread', async () => {
    const before = await queue.submit(append('p'));
    const dying = queue.submit(append('die'));
    await expect(dying).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(dying).rejects.toThrow(/writer thread exited with 3/);
    const after = await queue.submit(append('q'));
    expect(after.nextRevision).not.toBe(before.nextRevision); // another thread
  });
});
