/**
 * The body limit is sized from the contract: the largest valid disclosure (every field at its maximum length, every
 * character of its texts 3 bytes of UTF-8, the most a validated text can take) fits MAX_ITEM_BYTES, so a full batch of
 * them fits BODY_LIMIT.
 */
import { describe, expect, it } from '@jest/globals';
import {
  BODY_LIMIT,
  MAX_BATCH,
  MAX_ITEM_BYTES,
  MAX_USE_BATCH,
  MAX_USE_ITEM_BYTES,
  ROUTE_BODY_LIMITS,
} from '../../src/http/limits.js';
import { RecordUseRequestDto } from '../../src/ledger/record-use/record-use.request.dto.js';
import { validateItem } from '../../src/http/validation.js';
import { RecordDisclosureRequestDto } from '../../src/ledger/record-disclosure/record-disclosure.request.dto.js';

const text = (length: number) => '€'.repeat(length); // 3 bytes each in UTF-8, no JSON escape
const id = (c: string) => c.repeat(128);

const largest = {
  disclosureId: id('d'),
  memberId: id('m'),
  occurredAt: '2024-01-01T00:00:00.123456789+00:00',
  recipient: { name: text(300), address: text(500), id: text(128) },
  channel: 'tracking-technology',
  madeBy: text(200),
  phiDescription: text(2000),
  purpose: text(2000),
  purposeOfUse: 'P'.repeat(64),
  legalBasis: {
    cfr: '164.5120(aaaaaa)(bbbbbb)(cccccc)(dddddd)(eeeeee)(ffffff)',
    permitted: true,
    authorizationId: id('a'),
    rationale: text(2000),
  },
  writtenRequestRef: id('w'),
  researchProtocolId: id('r'),
  sensitivity: { part2: false, minorConsented: false },
  sourceSystem: text(128),
};

describe('the body limit', () => {
  it('the largest valid disclosure is valid, and fits MAX_ITEM_BYTES', () => {
    expect(validateItem(RecordDisclosureRequestDto, largest)).toHaveProperty('value');
    const bytes = Buffer.byteLength(JSON.stringify(largest));
    expect(bytes).toBeGreaterThan(MAX_ITEM_BYTES * 0.9); // the constant is not slack either
    expect(bytes).toBeLessThanOrEqual(MAX_ITEM_BYTES);
  });

  it('a full batch of them fits BODY_LIMIT', () => {
    const batch = Buffer.byteLength(JSON.stringify({ items: Array.from({ length: MAX_BATCH }, () => largest) }));
    expect(batch).toBeLessThanOrEqual(BODY_LIMIT);
  });
});

describe('the use batch body limit (POST /v1/use-batches: up to 10,000 uses)', () => {
  const largestUse = {
    useId: id('u'),
    memberId: id('m'),
    occurredAt: '2024-01-01T00:00:00.123456789+00:00',
    actor: { id: id('a'), name: text(300), role: text(100) },
    action: 'export',
    phiDescription: text(2000),
    purposeOfUse: 'P'.repeat(64),
    sourceSystem: text(128),
    context: { kind: 'authorization', id: id('c') },
  };

  it('the largest valid use is valid, and fits MAX_USE_ITEM_BYTES', () => {
    expect(validateItem(RecordUseRequestDto, largestUse)).toHaveProperty('value');
    const bytes = Buffer.byteLength(JSON.stringify(largestUse));
    expect(bytes).toBeGreaterThan(MAX_USE_ITEM_BYTES * 0.9);
    expect(bytes).toBeLessThanOrEqual(MAX_USE_ITEM_BYTES);
  });

  it('a full batch of them fits the route’s limit, which only that route has', () => {
    const batch = Buffer.byteLength(JSON.stringify({ items: Array.from({ length: MAX_USE_BATCH }, () => largestUse) }));
    expect(batch).toBeLessThanOrEqual(ROUTE_BODY_LIMITS['/v1/use-batches']);
    expect(Object.keys(ROUTE_BODY_LIMITS)).toEqual(['/v1/use-batches']);
  });
});
