/**
 * The one writer of a store on its own thread (the service's default, LEDGER_STORE_WRITER=thread): the event loop
 * serialises each group commit (`EncodedAppend`) and posts it; the writer thread commits it on its own connection
 * and answers with one outcome per append. Waiting for the commit (SQLite's fsync, PostgreSQL's round trips and
 * WAL flush) then occupies that thread, never the event loop that parses, validates and decides the next commands,
 * and the writer's answers are read at once instead of queueing behind HTTP work.
 *
 * `WriterThread` is the event-loop side; `serveWriter` the thread side (sqlite-writer.worker.ts,
 * postgres-writer.worker.ts).
 */
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import {
  decodeOutcome,
  encodeAppend,
  encodeOutcome,
  packAppends,
  unpackAppends,
  type EncodedAppend,
  type EncodedOutcome,
} from './encoded-append.js';
import { StoreUnavailableError } from './errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port.js';
import { GroupCommitQueue, type Outcome } from './group-commit.js';

/** Where a store's commits run: on the caller's thread, or on the writer thread (the service's default). */
export type WriterPlacement = 'inline' | 'thread';

export interface Committer {
  commit(batch: EncodedAppend[]): Outcome<AppendResult>[] | Promise<Outcome<AppendResult>[]>;
  close(): Promise<void>;
}

/**
 * The group-commit queue in front of a committer (inline or thread): a commit that cannot be made (thread gone,
 * connection lost, I/O error, disk full) fails as StoreUnavailableError, answered 503; `committed` runs after each
 * commit that was made.
 */
/**
 * An adapter's append: serialised here, committed with whatever else joins the group. A value that cannot be stored
 * (encodeAppend) fails this append only, never its group.
 */
export function submitAppend(
  queue: GroupCommitQueue<EncodedAppend, AppendResult>,
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
  try {
    return queue.submit(encodeAppend(stream, events, expected));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function committingQueue(
  committer: Committer,
  engine: string,
  committed: () => void,
): GroupCommitQueue<EncodedAppend, AppendResult> {
  return new GroupCommitQueue(async (batch) => {
    let outcomes: Outcome<AppendResult>[];
    try {
      outcomes = await committer.commit(batch);
    } catch (error) {
      throw new StoreUnavailableError(`${engine} commit failed: ${(error as Error)?.message ?? String(error)}`);
    }
    committed();
    return outcomes;
  });
}

/** `packed`: the group as packAppends wrote it */
type WriterRequest = { id: number; packed: string } | { close: true };
type WriterReply =
  | { id: number; outcomes: EncodedOutcome[] }
  | { id: number; failed: string }
  | { ready: true }
  | { startFailed: string };

/**
 * Started on the first commit; keeps the process alive only while a commit is in flight. If it dies, the commits in
 * flight fail (the store turns that into StoreUnavailableError: 503, safe to retry, event ids make a landed commit a
 * replay) and the next commit starts a new thread.
 */
export class WriterThread implements Committer {
  private worker: Worker | null = null;
  private readonly pending = new Map<
    number,
    { resolve: (o: Outcome<AppendResult>[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;

  constructor(
    private readonly file: URL,
    private readonly workerData: unknown,
    /** the thread's memory limits (LEDGER_MEMORY_MB's share), if any */
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  commit(batch: EncodedAppend[]): Promise<Outcome<AppendResult>[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const packed = packAppends(batch);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, packed } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private start(): Worker {
    const worker = new Worker(this.file, { workerData: this.workerData, resourceLimits: this.resourceLimits });
    worker.unref();
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [, waiting] of this.pending) waiting.reject(new Error(`writer thread ${reason}`));
      this.pending.clear();
    };
    worker.on('message', (reply: WriterReply) => {
      if ('ready' in reply) return;
      if ('startFailed' in reply) {
        fail(`could not open the store: ${reply.startFailed}`);
        void worker.terminate();
        return;
      }
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('failed' in reply) waiting.reject(new Error(reply.failed));
      else waiting.resolve(reply.outcomes.map(decodeOutcome));
    });
    worker.on('error', (error) => fail(`failed: ${error.message}`));
    worker.on('exit', (code) => fail(`exited with ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** The thread side: open the writer, then commit each group posted, one at a time, in order. */
export async function serveWriter(open: () => Promise<Committer> | Committer): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let committer: Committer;
  try {
    committer = await open();
  } catch (error) {
    port.postMessage({ startFailed: (error as Error)?.message ?? String(error) } satisfies WriterReply);
    return;
  }
  port.postMessage({ ready: true } satisfies WriterReply);
  let chain = Promise.resolve();
  port.on('message', (message: WriterRequest) => {
    chain = chain.then(async () => {
      if ('close' in message) {
        await committer.close();
        port.close();
        return;
      }
      let reply: WriterReply;
      try {
        reply = {
          id: message.id,
          outcomes: (await committer.commit(unpackAppends(message.packed))).map(encodeOutcome),
        };
      } catch (error) {
        reply = { id: message.id, failed: (error as Error)?.message ?? String(error) };
      }
      port.postMessage(reply);
    });
  });
}
