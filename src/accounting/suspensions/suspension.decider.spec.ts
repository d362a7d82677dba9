/** Suspensions as specifications (164.528(a)(2)). */
import { describe, it } from '@jest/globals';
import type { SuspensionRequested } from '../../events/suspension.events.js';
import { decider } from '../../../test/support/decider.js';
import { ConfirmSuspensionInWritingCommand, RecordSuspensionCommand } from './suspension.command.js';

const suspending = decider(RecordSuspensionCommand.useCase);
const confirming = decider(ConfirmSuspensionInWritingCommand.useCase);

const oral = (over: Partial<SuspensionRequested> = {}): SuspensionRequested => ({
  suspensionId: 'S1',
  agency: 'PD-1',
  form: 'oral',
  statedAt: '2025-03-01T15:00:00Z',
  until: null,
  officialIdentity: 'Det. Doe',
  memberIds: null,
  commandHash: 'h',
  ...over,
});
const stated = { type: 'SuspensionRequested', data: oral() };
const statement = (receivedAt: string) => ({
  suspensionId: 'S1',
  receivedAt,
  until: '2025-06-30',
  commandHash: `w-${receivedAt}`,
});

describe('recording a suspension', () => {
  it('(a)(2)(ii)(A): an oral statement must name the official', () => {
    suspending
      .given()
      .when(oral({ officialIdentity: null }))
      .then({ status: 422, code: 'OFFICIAL_IDENTITY_REQUIRED' });
    suspending
      .given()
      .when(oral())
      .then([{ type: 'SuspensionRequested', eventId: 'suspension:S1' }]);
  });

  it('(a)(2)(i): a written statement must give the time it is needed for', () => {
    suspending
      .given()
      .when(oral({ form: 'written', until: null }))
      .then({ status: 422, code: 'SUSPENSION_END_REQUIRED' });
    suspending
      .given()
      .when(oral({ form: 'written', until: '2025-12-31' }))
      .then([{ type: 'SuspensionRequested' }]);
  });

  it('is recorded once: the same statement replays, another under the same id conflicts', () => {
    suspending.given(stated).when(oral()).thenNothingHappened();
    suspending
      .given(stated)
      .when(oral({ agency: 'PD-2', commandHash: 'other' }))
      .then({ status: 409, code: 'ID_CONFLICT' });
  });
});

describe('confirming an oral suspension in writing ((a)(2)(ii)(C))', () => {
  it('needs the suspension', () => {
    confirming.given().when(statement('2025-03-10T15:00:00Z')).then({ status: 404, code: 'UNKNOWN_SUSPENSION' });
  });

  it('cannot be received before the suspension was stated', () => {
    confirming
      .given(stated)
      .when(statement('2025-02-10T15:00:00Z'))
      .then({ status: 422, code: 'INVALID_DATE', path: 'receivedAt' });
  });

  it('is recorded with an id that carries its content, so the same statement is stored once', () => {
    confirming
      .given(stated)
      .when(statement('2025-03-10T15:00:00Z'))
      .then([{ type: 'SuspensionConfirmedInWriting', eventId: 'suspension-statement:S1:w-2025-03-10T15:00:00Z' }]);
  });
});
