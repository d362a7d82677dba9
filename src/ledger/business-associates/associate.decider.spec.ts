/** The business-associate register as a specification: registered once; agreements and terminations once each. */
import { describe, it } from '@jest/globals';
import { decider } from '../../../test/support/decider.js';
import { AssociateStepCommand, toAgreement, toRegistration, toTermination } from './associate.command.js';

const register = decider(AssociateStepCommand.useCase);
const registration = toRegistration({ associateId: 'BA-PIX', name: 'Pixel Analytics Inc.', services: 'web analytics' });
const registered = register.given().when(registration).events;
const agreement = toAgreement('BA-PIX', { agreementId: 'BAA-1', signedOn: '2024-01-10', effectiveFrom: '2024-02-01' });
const withAgreement = [...registered, ...register.given(...registered).when(agreement).events];

describe('the business-associate register', () => {
  it('registers an associate once; the same body replays, another conflicts', () => {
    register
      .given()
      .when(registration)
      .then([{ type: 'BusinessAssociateRegistered', eventId: 'associate:BA-PIX' }]);
    register
      .given(...registered)
      .when(registration)
      .thenNothingHappened();
    register
      .given(...registered)
      .when(toRegistration({ associateId: 'BA-PIX', name: 'Other', services: 'x' }))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });
  it('an agreement needs the associate registered', () => {
    register.given().when(agreement).then({ status: 404, code: 'UNKNOWN_ASSOCIATE' });
    register
      .given(...registered)
      .when(agreement)
      .then([{ type: 'AgreementRecorded', eventId: 'agreement:BA-PIX:BAA-1' }]);
  });
  it('a termination needs the agreement, and not before its signature', () => {
    register
      .given(...registered)
      .when(toTermination('BA-PIX', 'BAA-1', { terminatedOn: '2024-06-01' }))
      .then({ status: 404, code: 'UNKNOWN_AGREEMENT' });
    register
      .given(...withAgreement)
      .when(toTermination('BA-PIX', 'BAA-1', { terminatedOn: '2024-01-09' }))
      .then({ status: 422, code: 'INVALID_DATE', path: 'terminatedOn' });
    register
      .given(...withAgreement)
      .when(toTermination('BA-PIX', 'BAA-1', { terminatedOn: '2024-06-01' }))
      .then([{ type: 'AgreementTerminated', eventId: 'termination:BA-PIX:BAA-1' }]);
  });
});
