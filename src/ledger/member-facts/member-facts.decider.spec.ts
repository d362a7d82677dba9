/** Member facts as specifications: recorded once per id, revocations checked against the authorization. */
import { describe, expect, it } from '@jest/globals';
import { decider, type GivenEvent } from '../../../test/support/decider.js';
import { recordFact, RevokeAuthorizationCommand } from './member-facts.command.js';
import type { RecordFact } from './member-facts.decider.js';

const recording = decider(recordFact);
const revoking = decider(RevokeAuthorizationCommand.useCase);

const authorized: GivenEvent = {
  type: 'AuthorizationRecorded',
  data: {
    authorizationId: 'A1',
    recipient: { name: 'Acme', id: 'EMP' },
    purpose: 'p',
    phiScope: 's',
    signedOn: '2024-01-10',
    expiresOn: null,
    commandHash: 'a',
  },
};

const custody = (commandHash: string): RecordFact => ({
  memberId: 'M1',
  type: 'CustodyPeriodRecorded',
  data: { custodyId: 'CU1', from: '2024-01-01', until: null, commandHash },
});

describe('recording a fact once', () => {
  it('the first time emits the event, with an id made of the fact and the member', () => {
    const decision = recording
      .given()
      .when(custody('h1'))
      .then([{ type: 'CustodyPeriodRecorded', eventId: 'custody:M1:CU1' }]);
    expect(decision.result).toEqual({ memberId: 'M1', custodyId: 'CU1' });
  });

  it('a retry replays with the first position; another body under the same id conflicts', () => {
    const history = recording.given().when(custody('h1')).events;
    expect(
      recording
        .given(...history)
        .when(custody('h1'))
        .thenNothingHappened().replayedAt,
    ).toBe(1n);
    recording
      .given(...history)
      .when(custody('h2'))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });

  it('one death per member: a second date is a conflict', () => {
    const death = (diedOn: string, commandHash: string): RecordFact => ({
      memberId: 'M1',
      type: 'DeathRecorded',
      data: { diedOn, commandHash },
    });
    const history = recording
      .given()
      .when(death('2020-01-01', 'd1'))
      .then([{ type: 'DeathRecorded', eventId: 'death:M1' }]).events;
    recording
      .given(...history)
      .when(death('2021-01-01', 'd2'))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });
});

describe('the State of the member’s address (164.406)', () => {
  const address = (state: string, commandHash: string): RecordFact => ({
    memberId: 'M1',
    type: 'AddressStateRecorded',
    data: { addressId: 'AD1', state, effectiveOn: '2024-07-01', commandHash },
  });
  it('is recorded once per address id; a move is a new id, another State under the same id conflicts', () => {
    const history = recording
      .given()
      .when(address('NY', 'n1'))
      .then([{ type: 'AddressStateRecorded', eventId: 'address:M1:AD1', data: { state: 'NY' } }]).events;
    recording
      .given(...history)
      .when(address('NY', 'n1'))
      .thenNothingHappened();
    recording
      .given(...history)
      .when(address('NJ', 'n2'))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });
});

describe('revoking an authorization (164.508(b)(5))', () => {
  const revocation = (revokedOn: string, commandHash = 'r') => ({
    memberId: 'M1',
    authorizationId: 'A1',
    revokedOn,
    commandHash,
  });

  it('needs the authorization', () => {
    revoking.given().when(revocation('2024-02-01')).then({ status: 404, code: 'UNKNOWN_AUTHORIZATION' });
  });

  it('cannot predate the signature', () => {
    revoking
      .given(authorized)
      .when(revocation('2024-01-09'))
      .then({ status: 422, code: 'INVALID_DATE', path: 'revokedOn' });
  });

  it('is recorded once; the state knows the revocation date', () => {
    const history = [
      authorized,
      ...revoking
        .given(authorized)
        .when(revocation('2024-02-01'))
        .then([{ type: 'AuthorizationRevoked', eventId: 'revocation:M1:A1', data: { revokedOn: '2024-02-01' } }])
        .events,
    ];
    expect(revoking.given(...history).state.authorizations.get('A1')?.revokedOn).toBe('2024-02-01');
    revoking
      .given(...history)
      .when(revocation('2024-02-01'))
      .thenNothingHappened();
    revoking
      .given(...history)
      .when(revocation('2024-03-01', 'r2'))
      .then({ code: 'ID_CONFLICT' });
  });
});
