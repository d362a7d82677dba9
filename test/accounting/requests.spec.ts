/**
 * The accounting-request lifecycle (164.528(c)): deadlines, the one extension, fees, and the status an
 * auditor sees at any instant. Given the request's events, when a command or an instant, then the outcome.
 */
import { describe, expect, it } from '@jest/globals';
import { foldRequest, requestStatus } from '../../src/accounting/requests/request-lifecycle.js';
import {
  decideExtension,
  decideFeeNotice,
  decideFulfilment,
  decideWithdrawal,
  fulfilmentRefusal,
} from '../../src/accounting/requests/request.decider.js';
import type { AccountingRequested } from '../../src/accounting/requests/request-events.js';

const TZ = 'America/New_York';
const requested = (over: Partial<AccountingRequested> = {}) => ({
  type: 'AccountingRequested',
  position: 1n,
  data: {
    requestId: 'Q1',
    memberId: 'M1',
    requester: { type: 'self', personId: null },
    receivedAt: '2025-01-02T15:00:00Z',
    period: null,
    dueOn: '2025-03-03',
    feeRequired: false,
    commandHash: 'h1',
    ...over,
  },
});
const given = (...events: { type: string; data: unknown; position?: bigint }[]) =>
  foldRequest(events.map((e, i) => ({ position: e.position ?? BigInt(i + 1), type: e.type, data: e.data })));
const extension = (sentAt: string, newDueOn: string) => ({
  sentAt,
  reason: 'records at an offsite archive',
  newDueOn,
  commandHash: `x-${sentAt}-${newDueOn}`,
});

describe('deadlines (164.528(c)(1))', () => {
  it('the request is open until the due date and overdue the day after', () => {
    const s = given(requested());
    expect(requestStatus(s, '2025-03-03T22:00:00Z', TZ)).toBe('open');
    expect(requestStatus(s, '2025-03-04T15:00:00Z', TZ)).toBe('overdue');
  });

  it('one extension of at most 30 days, noticed within the 60 days', () => {
    expect(
      decideExtension(given(requested()), 'Q1', extension('2025-03-03T20:00:00Z', '2025-04-02'), TZ),
    ).toMatchObject({ result: { dueOn: '2025-04-02' } });
    expect(
      decideExtension(given(requested()), 'Q1', extension('2025-03-04T15:00:00Z', '2025-04-02'), TZ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LATE' });
    expect(
      decideExtension(given(requested()), 'Q1', extension('2025-02-01T15:00:00Z', '2025-04-03'), TZ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG' });
    const extended = given(requested(), {
      type: 'ExtensionNoticeSent',
      data: { memberId: 'M1', ...extension('2025-02-01T15:00:00Z', '2025-04-02') },
    });
    expect(decideExtension(extended, 'Q1', extension('2025-02-02T15:00:00Z', '2025-04-01'), TZ)).toMatchObject({
      code: 'EXTENSION_ALREADY_SENT',
    });
    expect(requestStatus(extended, '2025-03-20T15:00:00Z', TZ)).toBe('extended');
    expect(requestStatus(extended, '2025-04-03T15:00:00Z', TZ)).toBe('overdue');
  });

  it('a retried extension notice replays instead of counting as a second one', () => {
    const cmd = extension('2025-02-01T15:00:00Z', '2025-04-02');
    const extended = given(requested(), {
      type: 'ExtensionNoticeSent',
      data: { memberId: 'M1', ...cmd },
      position: 7n,
    });
    expect(decideExtension(extended, 'Q1', cmd, TZ)).toMatchObject({ events: [], replayedAt: 7n });
  });
});

describe('fees (164.528(c)(2))', () => {
  it('the first request in 12 months is free: no fee notice may be sent', () => {
    expect(
      decideFeeNotice(given(requested()), 'Q1', { sentAt: '2025-01-03T15:00:00Z', amount: 25, commandHash: 'f' }),
    ).toMatchObject({ code: 'FEE_NOT_ALLOWED' });
  });

  it('a later request needs the fee notice before the accounting is provided; it is fee-pending until then', () => {
    const s = given(requested({ feeRequired: true }));
    expect(requestStatus(s, '2025-01-10T15:00:00Z', TZ)).toBe('fee-pending');
    expect(fulfilmentRefusal(s, 'Q1')).toMatchObject({ code: 'FEE_NOTICE_REQUIRED' });
    const noticed = given(requested({ feeRequired: true }), {
      type: 'FeeNoticeSent',
      data: { memberId: 'M1', sentAt: '2025-01-03T15:00:00Z', amount: 25, commandHash: 'f' },
    });
    expect(fulfilmentRefusal(noticed, 'Q1')).toBeNull();
  });

  it('the member may withdraw after the fee notice; nothing can follow a withdrawal', () => {
    const s = given(requested({ feeRequired: true }), {
      type: 'RequestWithdrawn',
      data: { memberId: 'M1', withdrawnAt: '2025-01-05T15:00:00Z', commandHash: 'w' },
    });
    expect(requestStatus(s, '2025-06-01T15:00:00Z', TZ)).toBe('withdrawn');
    expect(decideWithdrawal(s, 'Q1', { withdrawnAt: '2025-01-06T15:00:00Z', commandHash: 'w2' })).toMatchObject({
      code: 'REQUEST_CLOSED',
    });
    expect(fulfilmentRefusal(s, 'Q1')).toMatchObject({ code: 'REQUEST_CLOSED' });
  });
});

describe('fulfilment (164.528(d)(2), 164.530(j))', () => {
  const provided = {
    memberId: 'M1',
    providedAt: '2025-02-01T15:00:00Z',
    format: 'json',
    artifact: '{}',
    artifactSha256: 'abc',
    onTime: true,
    retainUntil: '2031-02-01',
    commandHash: 'p',
  };
  it('is stored once; the same fulfilment replays; status is provided from then on', () => {
    const done = given(requested(), { type: 'AccountingProvided', data: provided, position: 9n });
    expect(requestStatus(done, '2025-06-01T15:00:00Z', TZ)).toBe('provided');
    expect(requestStatus(done, '2025-01-20T15:00:00Z', TZ)).toBe('open');
    expect(decideFulfilment(done, 'Q1', provided)).toMatchObject({
      events: [],
      replayedAt: 9n,
      result: { artifactSha256: 'abc' },
    });
    expect(decideFulfilment(done, 'Q1', { ...provided, commandHash: 'other' })).toMatchObject({
      code: 'REQUEST_CLOSED',
    });
  });
});
