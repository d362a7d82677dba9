/**
 * A disclosure to a registered business associate, judged against its agreements (164.502(e), 164.504(e); OCR's
 * tracking-technology guidance; 164.508(a)(3) marketing): the agreement in effect at the disclosure, to the day.
 */
import { describe, expect, it } from '@jest/globals';
import {
  associateFinding,
  emptyAssociate,
  foldAssociate,
  inEffectOn,
  type AssociateOnFile,
} from './business-associates.js';

const at = (n: number) => BigInt(n);
function associate(
  ...agreements: { id: string; signedOn: string; from: string; until?: string; terminatedOn?: string }[]
): AssociateOnFile {
  const events: { type: string; data: unknown; position: bigint }[] = [
    {
      type: 'BusinessAssociateRegistered',
      data: {
        associateId: 'BA-PIX',
        name: 'Pixel Analytics Inc.',
        aliases: [],
        services: 'web analytics',
        commandHash: 'r',
      },
      position: at(1),
    },
  ];
  for (const a of agreements) {
    events.push({
      type: 'AgreementRecorded',
      data: {
        agreementId: a.id,
        signedOn: a.signedOn,
        effectiveFrom: a.from,
        effectiveUntil: a.until ?? null,
        commandHash: a.id,
      },
      position: at(events.length + 1),
    });
    if (a.terminatedOn)
      events.push({
        type: 'AgreementTerminated',
        data: { agreementId: a.id, terminatedOn: a.terminatedOn, commandHash: 't' },
        position: at(events.length + 1),
      });
  }
  return foldAssociate(emptyAssociate(), events);
}
const day = (d: string) => ({ first: d, last: d });
const tracking = { channel: 'tracking-technology', cfr: '164.506(c)(4)' };

describe('an agreement in effect, to the day', () => {
  const baa = associate({ id: 'BAA-1', signedOn: '2024-01-10', from: '2024-02-01', until: '2024-12-31' });
  it.each([
    ['2024-01-31', false, 'signed, not yet effective'],
    ['2024-02-01', true, 'its first day'],
    ['2024-12-31', true, 'its last day'],
    ['2025-01-01', false, 'expired'],
  ])('%s: %s (%s)', (d, covered) => {
    expect(associateFinding(tracking, baa, day(d)) === null).toBe(covered);
  });
  it('terminated: in effect the day before the termination, not on it', () => {
    const ended = associate({ id: 'BAA-1', signedOn: '2024-01-10', from: '2024-02-01', terminatedOn: '2024-06-01' });
    expect(inEffectOn(ended.agreements.get('BAA-1')!, '2024-05-31')).toBe(true);
    expect(associateFinding(tracking, ended, day('2024-06-01'))).toMatch(/^NO_BUSINESS_ASSOCIATE_AGREEMENT \(BA-PIX\)/);
  });
  it('renewed: a second agreement from the day after the first ends keeps every day covered', () => {
    const renewed = associate(
      { id: 'BAA-1', signedOn: '2024-01-10', from: '2024-02-01', until: '2024-12-31' },
      { id: 'BAA-2', signedOn: '2024-12-15', from: '2025-01-01' },
    );
    expect(associateFinding(tracking, renewed, day('2025-01-01'))).toBeNull();
    expect(associateFinding(tracking, renewed, { first: '2024-12-30', last: '2025-01-02' })).toBeNull();
    // with a day's gap between them, a period across it is not covered
    const gap = associate(
      { id: 'BAA-1', signedOn: '2024-01-10', from: '2024-02-01', until: '2024-12-30' },
      { id: 'BAA-2', signedOn: '2024-12-15', from: '2025-01-01' },
    );
    expect(associateFinding(tracking, gap, { first: '2024-12-30', last: '2025-01-02' })).toMatch(/NO_BUSINESS/);
  });
});

describe('what is judged', () => {
  const none = associate();
  it('a 164.506 basis on an associate channel without an agreement is impermissible', () => {
    for (const channel of ['business-associate', 'tracking-technology', 'social-media'])
      expect(associateFinding({ channel, cfr: '164.506(c)(1)' }, none, day('2024-06-01'))).toMatch(
        /NO_BUSINESS_ASSOCIATE_AGREEMENT/,
      );
  });
  it('other channels, other bases, and recipients not in the register are not judged here', () => {
    expect(associateFinding({ channel: 'government', cfr: '164.506(c)(1)' }, none, day('2024-06-01'))).toBeNull();
    expect(
      associateFinding({ channel: 'tracking-technology', cfr: '164.512(b)(1)(i)' }, none, day('2024-06-01')),
    ).toBeNull();
    expect(associateFinding(tracking, null, day('2024-06-01'))).toBeNull();
  });
  it('to an advertising partner, anything but a 164.508 authorization is marketing without one (164.508(a)(3))', () => {
    const baa = associate({ id: 'BAA-1', signedOn: '2024-01-10', from: '2024-02-01' });
    expect(associateFinding({ channel: 'advertising', cfr: '164.506(c)(4)' }, baa, day('2024-06-01'))).toMatch(
      /^MARKETING_NEEDS_AUTHORIZATION/,
    );
    expect(associateFinding({ channel: 'advertising', cfr: '164.508(a)(3)' }, baa, day('2024-06-01'))).toBeNull();
  });
});
