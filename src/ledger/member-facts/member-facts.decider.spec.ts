/** Member facts as specifications: recorded once per id, revocations checked against the authorization. */
import { describe, expect, it } from '@jest/globals';
import { emptyLedger, evolve } from '../member/member-ledger.js';
import { decideRevocation, recordOnce } from './member-facts.decider.js';

const authorized = () =>
  evolve(emptyLedger(), {
    type: 'AuthorizationRecorded',
    revision: 0n,
    position: 3n,
    data: {
      authorizationId: 'A1',
      recipient: { name: 'Acme', id: 'EMP' },
      purpose: 'p',
      phiScope: 's',
      signedOn: '2024-01-10',
      expiresOn: null,
      commandHash: 'a',
    },
  });

describe('recording a fact once', () => {
  const fact = {
    key: 'custody:CU1',
    hash: 'h1',
    what: 'custody period',
    id: 'CU1',
    result: { memberId: 'M1', custodyId: 'CU1' },
    event: {
      type: 'CustodyPeriodRecorded' as const,
      eventId: 'custody:M1:CU1',
      data: { custodyId: 'CU1', from: '2024-01-01', until: null, commandHash: 'h1' },
    },
  };
  it('the first time emits the event; a retry replays; another body conflicts', () => {
    expect(recordOnce(emptyLedger(), fact)).toMatchObject({ events: [{ type: 'CustodyPeriodRecorded' }] });
    const state = evolve(emptyLedger(), { ...fact.event, revision: 0n, position: 9n });
    expect(recordOnce(state, fact)).toMatchObject({ events: [], replayedAt: 9n });
    expect(recordOnce(state, { ...fact, hash: 'h2' })).toMatchObject({ status: 409, code: 'ID_CONFLICT' });
  });
});

describe('revoking an authorization (164.508(b)(5))', () => {
  it('needs the authorization', () => {
    expect(
      decideRevocation(emptyLedger(), {
        memberId: 'M1',
        authorizationId: 'A1',
        revokedOn: '2024-02-01',
        commandHash: 'r',
      }),
    ).toMatchObject({ status: 404, code: 'UNKNOWN_AUTHORIZATION' });
  });
  it('cannot predate the signature', () => {
    expect(
      decideRevocation(authorized(), {
        memberId: 'M1',
        authorizationId: 'A1',
        revokedOn: '2024-01-09',
        commandHash: 'r',
      }),
    ).toMatchObject({ status: 422, code: 'INVALID_DATE', path: 'revokedOn' });
  });
  it('is recorded once', () => {
    const decision = decideRevocation(authorized(), {
      memberId: 'M1',
      authorizationId: 'A1',
      revokedOn: '2024-02-01',
      commandHash: 'r',
    });
    expect(decision).toMatchObject({ events: [{ type: 'AuthorizationRevoked', data: { revokedOn: '2024-02-01' } }] });
    const revoked = evolve(authorized(), {
      type: 'AuthorizationRevoked',
      revision: 1n,
      position: 4n,
      data: { authorizationId: 'A1', revokedOn: '2024-02-01', commandHash: 'r' },
    });
    expect(revoked.authorizations.get('A1')?.revokedOn).toBe('2024-02-01');
    expect(
      decideRevocation(revoked, { memberId: 'M1', authorizationId: 'A1', revokedOn: '2024-03-01', commandHash: 'r2' }),
    ).toMatchObject({ code: 'ID_CONFLICT' });
  });
});
