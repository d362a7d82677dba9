/**
 * Messages between the service thread (ProjectionsService) and the projection worker (app/projection-worker.ts).
 * To the worker: `appended` (the log may have grown: wake up) and `stop` (finish the batch in hand, close, exit).
 * From it: `applied` after each batch (so read-your-writes waits end without polling), and `error` when a batch failed.
 */
/** `hurry`: a read is waiting for the read models: cut the linger short (ProjectionGroup.hurry). */
export type ToWorker = { type: 'appended' } | { type: 'hurry' } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'applied'; projection: string; position: bigint }
  | { type: 'error'; projection: string; message: string };
