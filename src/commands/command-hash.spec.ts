import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toDisclosureRecord } from '../ledger/record-disclosure/record-disclosure.command.js';
import type { RecordDisclosureRequestDto } from '../ledger/record-disclosure/record-disclosure.request.dto.js';
import { canonicalJson, commandHash } from './command-hash.js';

/** How hashes were made when the first events were stored: JSON.stringify of a copy with keys sorted. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortedCopy((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

describe('command hash (idempotency of commands)', () => {
  it('canonical JSON is the text stored hashes were made from, for any JSON body (and undefined members)', () => {
    const body = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), body, { maxKeys: 8 }), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sortedCopy(value)));
      }),
      { numRuns: 2000, seed: 528 },
    );
  });

  it('tells apart shapes whose joined keys are alike (an empty key, keys holding NUL) and keeps an own __proto__', () => {
    expect(canonicalJson([{ '': {} }, {}, { '': 1 }])).toBe('[{"":{}},{},{"":1}]');
    expect(
      canonicalJson([
        { 'a\u0000b': 1, c: 2 },
        { a: 1, 'b\u0000c': 2 },
      ]),
    ).toBe('[{"a\\u0000b":1,"c":2},{"a":1,"b\\u0000c":2}]');
    expect(canonicalJson(JSON.parse('{"b":2,"__proto__":{"z":1,"y":0}}'))).toBe('{"__proto__":{"y":0,"z":1},"b":2}');
  });

  it('does not depend on key order; does depend on every value', () => {
    expect(commandHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(commandHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(commandHash({ a: 1, b: { c: [1, 2], d: 'x' } })).not.toBe(commandHash({ a: 1, b: { c: [2, 1], d: 'x' } }));
    expect(commandHash({ a: 1, b: undefined })).toBe(commandHash({ a: 1 }));
    // pinned: a hash stored by an earlier release must still match
    expect(commandHash({ disclosureId: 'D1', memberId: 'M1' })).toBe('9FH_fVaHdqhVrbexaCeAGulDHNPvOBdVAza6GTUgzVc');
  });

  it('the hash of a disclosure is the one earlier releases stored, whatever order its record was built in', () => {
    const request = {
      disclosureId: 'D1',
      memberId: 'M1',
      occurredPeriod: { from: '2024-01-01', to: '2024-01-31' },
      recipient: { name: 'R', id: 'R1' },
      channel: 'legal',
      phiDescription: 'claims',
      purpose: 'subpoena',
      legalBasis: { cfr: '164.512(e)(1)(ii)', permitted: true },
      sensitivity: { part2: true },
    } as RecordDisclosureRequestDto;
    // pinned: made by the release that stored the first events (records built with sorted keys)
    expect(commandHash(toDisclosureRecord(request))).toBe('3jwEEgfoHpwdOXUdPl7g0MfL4D5gKDsL8CnDjz7O8sc');
    const everyField = {
      ...request,
      occurredPeriod: undefined,
      occurredAt: '2024-01-01T10:00:00Z',
      madeBy: 'BA',
      purposeOfUse: 'LEGAL',
      writtenRequestRef: 'W1',
      researchProtocolId: null,
      sourceSystem: 's',
      recipient: { name: 'R', address: 'A', id: null },
      legalBasis: { cfr: '164.508', permitted: false, authorizationId: 'A1', rationale: 'r' },
    } as RecordDisclosureRequestDto;
    expect(commandHash(toDisclosureRecord(everyField))).toBe('2CGf0gNr1E9Qu8fvNrAXbwUeZe7z81LGb36yvQsfxaQ');
  });
});
