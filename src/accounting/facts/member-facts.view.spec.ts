/**
 * A member's facts as read back (GET /v1/members/{memberId}/facts): each with its status on the plan date asked.
 * Rules: 164.508(b)(5) (revocation), 164.508(c)(1)(v) (expiration), HIE opt-out (regulation.md §1.12), 164.502(g)(5)
 * (a declined representative is the office's business), 164.512(k)(5) (custody), 164.406 (address State).
 */
import { describe, expect, it } from '@jest/globals';
import { memberFactsView } from './member-facts.view.js';

const row = (type: string, data: Record<string, unknown>, recordedAt = '2024-01-01T00:00:00Z') => ({
  type,
  recordedAt,
  data: { ...data, commandHash: 'h' },
});

const authorization = row('AuthorizationRecorded', {
  authorizationId: 'A1',
  recipient: { name: 'Acme HR', address: null, id: 'EMP-1' },
  purpose: 'return to work',
  phiScope: 'all',
  signedOn: '2024-03-01',
  expiresOn: '2024-12-31',
});
const at = (onDate: string, asOf = `${onDate}T17:00:00Z`) => ({ asOf, onDate });

describe('member facts, read back with their status', () => {
  it.each([
    ['2024-02-29', 'not-yet-signed'],
    ['2024-03-01', 'in-force'],
    ['2024-12-31', 'in-force'],
    ['2025-01-01', 'expired'],
  ])('an authorization signed 2024-03-01, expiring 2024-12-31, on %s: %s', (onDate, status) => {
    const view = memberFactsView('M1', [authorization], at(onDate), false);
    expect(view.authorizations).toEqual([expect.objectContaining({ authorizationId: 'A1', status, revokedOn: null })]);
    expect(view.authorizations[0]).not.toHaveProperty('commandHash');
  });

  it('a revocation takes effect on its date (164.508(b)(5))', () => {
    const rows = [authorization, row('AuthorizationRevoked', { authorizationId: 'A1', revokedOn: '2024-06-01' })];
    expect(memberFactsView('M1', rows, at('2024-05-31'), false).authorizations[0].status).toBe('in-force');
    expect(memberFactsView('M1', rows, at('2024-06-01'), false).authorizations[0]).toMatchObject({
      status: 'revoked',
      revokedOn: '2024-06-01',
    });
  });

  it('the HIE decision in force at the instant asked, with the whole history in effective order', () => {
    const rows = [
      row('HieConsentRecorded', { consentId: 'H2', decision: 'opt-in', effectiveAt: '2024-05-01T12:00:00Z' }),
      row('HieConsentRecorded', { consentId: 'H1', decision: 'opt-out', effectiveAt: '2024-01-01T00:00:00Z' }),
    ];
    expect(memberFactsView('M1', [], at('2024-03-01'), false).hieConsent).toEqual({
      status: 'no-decision',
      history: [],
    });
    expect(memberFactsView('M1', rows, at('2024-05-01', '2024-05-01T11:59:59Z'), false).hieConsent.status).toBe(
      'opted-out',
    );
    const view = memberFactsView('M1', rows, at('2024-05-01', '2024-05-01T12:00:00Z'), false);
    expect(view.hieConsent.status).toBe('opted-in');
    expect(view.hieConsent.history.map((h) => h.consentId)).toEqual(['H1', 'H2']);
  });

  describe('personal representatives (164.502(g))', () => {
    const rows = [
      row('PersonalRepresentativeRecorded', {
        representativeId: 'R1',
        personId: 'P-MOM',
        kind: 'parent',
        from: '2020-01-01',
        until: '2025-06-30',
        declinedBasis: null,
      }),
      row('PersonalRepresentativeRecorded', {
        representativeId: 'R2',
        personId: 'P-EX',
        kind: 'other',
        from: null,
        until: null,
        declinedBasis: 'safety concern, 164.502(g)(5)',
      }),
    ];
    it('in force between its dates, then not', () => {
      expect(memberFactsView('M1', rows, at('2025-06-30'), false).representatives).toEqual([
        expect.objectContaining({ representativeId: 'R1', status: 'in-force' }),
      ]);
      expect(memberFactsView('M1', rows, at('2025-07-01'), false).representatives[0].status).toBe('not-in-force');
    });
    it('a declined one (g)(5) is listed for the office only', () => {
      expect(memberFactsView('M1', rows, at('2024-01-01'), true).representatives).toEqual([
        expect.objectContaining({ representativeId: 'R1' }),
        expect.objectContaining({ representativeId: 'R2', status: 'declined' }),
      ]);
    });
  });

  it('custody periods say whether the member is in custody on the date; death is shown when recorded', () => {
    const rows = [
      row('CustodyPeriodRecorded', { custodyId: 'C1', from: '2024-01-10', until: '2024-02-10' }),
      row('DeathRecorded', { diedOn: '2024-09-01' }),
    ];
    expect(memberFactsView('M1', rows, at('2024-02-10'), false)).toMatchObject({
      custodyPeriods: [{ custodyId: 'C1', inCustody: true }],
      death: { diedOn: '2024-09-01' },
    });
    expect(memberFactsView('M1', rows, at('2024-02-11'), false).custodyPeriods[0].inCustody).toBe(false);
    expect(memberFactsView('M1', [], at('2024-02-11'), false).death).toBeNull();
  });

  it('the address State in force on the date (164.406 counts residents per State)', () => {
    const rows = [
      row('AddressStateRecorded', { addressId: 'AD2', state: 'NJ', effectiveOn: '2024-07-01' }),
      row('AddressStateRecorded', { addressId: 'AD1', state: 'NY', effectiveOn: '2020-01-01' }),
    ];
    expect(memberFactsView('M1', rows, at('2024-06-30'), false).addressState).toEqual({
      state: 'NY',
      effectiveOn: '2020-01-01',
    });
    expect(memberFactsView('M1', rows, at('2024-07-01'), false).addressState).toEqual({
      state: 'NJ',
      effectiveOn: '2024-07-01',
    });
    expect(memberFactsView('M1', rows, at('2019-12-31'), false).addressState).toBeNull();
  });
});
