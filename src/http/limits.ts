/**
 * What the contract (api.md) lets a request be, so that the HTTP layer can refuse more before reading it all: at most
 * 1,000 commands a batch (10,000 uses in a use batch: systems report reads in bulk); each at most a disclosure with every text at its maximum length, every character taking
 * the most UTF-8 a validated text can (3 bytes: control characters, which JSON escapes in 6, are refused). The limit
 * is sized from that (test/http/limits.spec.ts builds the largest valid batch item and checks it fits).
 */
export const MAX_BATCH = 1000;

/** The largest valid batch item, in bytes of JSON. */
export const MAX_ITEM_BYTES = 23 * 1024;

/** The largest request body: a full batch of the largest items, and the envelope around them. */
export const BODY_LIMIT = MAX_BATCH * MAX_ITEM_BYTES + 1024;

/** A use batch (`POST /v1/use-batches`): systems report reads in bulk. */
export const MAX_USE_BATCH = 10_000;

/** The largest valid use, in bytes of JSON (test/http/limits.spec.ts). */
export const MAX_USE_ITEM_BYTES = 9 * 1024;

/** Routes whose body may be larger than BODY_LIMIT, and their limit. */
export const ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = {
  '/v1/use-batches': MAX_USE_BATCH * MAX_USE_ITEM_BYTES + 1024,
};

/** What a 413 says: the route's limit and the batch of largest items that fits it. */
export function bodyLimitDetail(url: string): string {
  const route = url.split('?')[0];
  const limit = ROUTE_BODY_LIMITS[route] ?? BODY_LIMIT;
  const batch = route in ROUTE_BODY_LIMITS ? MAX_USE_BATCH : MAX_BATCH;
  return `the request body exceeds ${limit} bytes (a batch of ${batch} commands of the largest size fits)`;
}

/** What a streamed route takes: newline-delimited JSON, one command per line. */
export const NDJSON = 'application/x-ndjson';

/** Routes whose body is NDJSON handed on as a stream (read line by line, never held whole: no body limit). */
export const STREAMED_ROUTES: ReadonlySet<string> = new Set(['/v1/disclosure-imports']);
