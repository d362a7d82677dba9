/**
 * What the contract (api.md) lets a request be, so that the HTTP layer can refuse more before reading it all: at most
 * 1,000 commands a batch; each at most a disclosure with every text at its maximum length, every character taking
 * the most UTF-8 a validated text can (3 bytes: control characters, which JSON escapes in 6, are refused). The limit
 * is sized from that (test/http/limits.spec.ts builds the largest valid batch item and checks it fits).
 */
export const MAX_BATCH = 1000;

/** The largest valid batch item, in bytes of JSON. */
export const MAX_ITEM_BYTES = 23 * 1024;

/** The largest request body: a full batch of the largest items, and the envelope around them. */
export const BODY_LIMIT = MAX_BATCH * MAX_ITEM_BYTES + 1024;
