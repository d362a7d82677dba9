import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeAppend, packAppends, unpackAppends, type EncodedAppend } from './encoded-append.js';

const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
const json = fc.jsonValue().map((v) => JSON.stringify(v ?? null));
const append: fc.Arbitrary<EncodedAppend> = fc.record({
  stream: text,
  expected: fc.oneof(fc.constantFrom('any', 'no-stream', 'exists'), fc.bigInt({ min: 0n, max: 2n ** 62n })),
  events: fc.array(
    fc.record({
      eventId: text,
      type: text,
      version: fc.integer({ min: 1, max: 99 }),
      recordedBy: json,
      correlationId: text,
      data: json,
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

describe('a group of appends crossing to the writer thread as one string', () => {
  it('unpacks to exactly the appends packed, for any text and any JSON data', () => {
    fc.assert(
      fc.property(fc.array(append, { maxLength: 20 }), (batch) => {
        expect(unpackAppends(packAppends(batch))).toEqual(batch);
      }),
      { numRuns: 2000, seed: 528 },
    );
  });

  it('JSON text never holds the separator: a NUL inside data arrives escaped', () => {
    const [encoded] = unpackAppends(
      packAppends([
        encodeAppend(
          'member-M1',
          [{ eventId: 'e1', type: 'T', data: { note: 'a\0b' }, recordedBy: { subject: 's' }, correlationId: 'c' }],
          'any',
        ),
      ]),
    );
    expect(JSON.parse(encoded.events[0].data)).toEqual({ note: 'a\0b' });
  });

  it('a NUL in a stream name, event id, type or correlation id is refused before it reaches a group', () => {
    const event = { eventId: 'e1', type: 'T', data: {}, recordedBy: { subject: 's' }, correlationId: 'c' };
    expect(() => encodeAppend('member-\0', [event], 'any')).toThrow('may not contain NUL');
    expect(() => encodeAppend('m', [{ ...event, eventId: 'e\0' }], 'any')).toThrow('may not contain NUL');
    expect(() => encodeAppend('m', [{ ...event, type: 'T\0' }], 'any')).toThrow('may not contain NUL');
    expect(() => encodeAppend('m', [{ ...event, correlationId: '\0' }], 'any')).toThrow('may not contain NUL');
  });
});
