/** Suspensions as specifications (164.528(a)(2)). */
import { describe, expect, it } from '@jest/globals';
import { decideSuspension, decideWrittenStatement, foldSuspension } from './suspension.decider.js';

const cmd = (over: Record<string, unknown> = {}) => ({
  suspensionId: 'S1',
  agency: 'PD-1',
  form: 'oral' as const,
  statedAt: '2025-03-01T15:00:00Z',
  until: null,
  officialIdentity: 'Det. Doe',
  memberIds: null,
  commandHash: 'h',
  ...over,
});

describe('recording a suspension', () => {
  it('(a)(2)(ii)(A): an oral statement must name the official', () => {
    expect(decideSuspension(foldSuspension([]), cmd({ officialIdentity: null }))).toMatchObject({
      status: 422,
      code: 'OFFICIAL_IDENTITY_REQUIRED',
    });
  });
  it('(a)(2)(i): a written statement must give the time it is needed for', () => {
    expect(decideSuspension(foldSuspension([]), cmd({ form: 'written', until: null }))).toMatchObject({
      status: 422,
      code: 'SUSPENSION_END_REQUIRED',
    });
    expect(decideSuspension(foldSuspension([]), cmd({ form: 'written', until: '2025-12-31' }))).toMatchObject({
      events: [{ type: 'SuspensionRequested' }],
    });
  });
  it('a written statement needs the suspension and cannot precede it', () => {
    expect(
      decideWrittenStatement(foldSuspension([]), {
        suspensionId: 'S1',
        receivedAt: '2025-03-10T15:00:00Z',
        until: '2025-06-30',
        commandHash: 'w',
      }),
    ).toMatchObject({ status: 404, code: 'UNKNOWN_SUSPENSION' });
    const state = foldSuspension([{ type: 'SuspensionRequested', data: cmd(), position: 1n } as never]);
    expect(
      decideWrittenStatement(state, {
        suspensionId: 'S1',
        receivedAt: '2025-02-10T15:00:00Z',
        until: '2025-06-30',
        commandHash: 'w',
      }),
    ).toMatchObject({ status: 422, code: 'INVALID_DATE' });
    expect(
      decideWrittenStatement(state, {
        suspensionId: 'S1',
        receivedAt: '2025-03-10T15:00:00Z',
        until: '2025-06-30',
        commandHash: 'w',
      }),
    ).toMatchObject({ events: [{ type: 'SuspensionConfirmedInWriting' }] });
  });
});
