/** The member stream's event constructors: what they build is what the schema says. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { phiDisclosed, type DisclosureRecord, type Judged } from './member.events.js';

const text = fc.string({ maxLength: 12 });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const record: fc.Arbitrary<DisclosureRecord> = fc.record({
  disclosureId: text,
  memberId: text,
  occurredAt: nullable(text),
  occurredPeriod: nullable(fc.record({ from: text, to: text })),
  recipient: fc.record({ name: text, address: nullable(text), id: nullable(text) }),
  channel: text,
  madeBy: nullable(text),
  phiDescription: text,
  purpose: text,
  purposeOfUse: nullable(text),
  legalBasis: fc.record({
    cfr: nullable(text),
    permitted: fc.boolean(),
    authorizationId: nullable(text),
    rationale: nullable(text),
  }),
  writtenRequestRef: nullable(text),
  researchProtocolId: nullable(text),
  sensitivity: fc.record({ part2: fc.boolean(), minorConsented: fc.boolean() }),
  sourceSystem: nullable(text),
});
const judged: fc.Arbitrary<Judged> = fc.record({
  commandHash: text,
  permitted: fc.boolean(),
  accountable: fc.boolean(),
  flags: fc.array(text, { maxLength: 2 }),
  findings: fc.array(text, { maxLength: 2 }),
});

describe('PhiDisclosed', () => {
  it('is the record with its judgement: every field of both, nothing else', () => {
    fc.assert(
      fc.property(record, judged, (r, j) => {
        expect(phiDisclosed(r, j)).toStrictEqual({ ...r, ...j });
      }),
      { numRuns: 500, seed: 528 },
    );
  });
});
