/**
 * Group commit: appends that arrive while a commit is being prepared or is in flight are committed together
 * in the next transaction. Each request keeps its own outcome (a result or an error); one failing request
 * never fails the others. At most one flush runs at a time, so the adapter has exactly one writer.
 */
export interface Pending<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (reason: unknown) => void;
}

export type Outcome<Res> = { ok: true; value: Res } | { ok: false; error: unknown };

export class GroupCommitQueue<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    /** commits a batch; returns one outcome per request, in order. A throw fails the whole batch. */
    private readonly commit: (requests: Req[]) => Promise<Outcome<Res>[]> | Outcome<Res>[],
    private readonly maxBatch = 1000,
  ) {}

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  get depth(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // setImmediate lets every append issued in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const outcomes = await this.commit(batch.map((p) => p.request));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) pending.resolve(outcome.value);
        else pending.reject(outcome.error);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
