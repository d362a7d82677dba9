/**
 * The body limit is sized from the contract: the largest valid disclosure (every field at its maximum length, every
 * character of its texts 3 bytes of UTF-8, the most a validated text can take) fits MAX_ITEM_BYTES, so a full batch of
 * them fits BODY_LIMIT.
 */
import { describe, expect, it } from '@jest/globals';
import { BODY_LIMIT, MAX_BATCH, MAX_ITEM_BYTES } from '../../src/http/limits.js';
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
