/**
 * The accounting-request lifecycle (164.528(c)): deadlines, the one extension, fees, and the status an auditor sees
 * at any instant. Given the request's events, when a command (or an instant), then the events, refusal or status.
 */
import { describe, expect, it } from '@jest/globals';
import type { AccountingRequested } from '../../events/accounting-request.events.js';
import { DEFAULT_POLICY } from '../../rules/policy.js';
import { decider, type GivenEvent } from '../../../test/support/decider.js';
import * as requests from './request.command.js';
import { requestStatus } from './request-lifecycle.js';
import { requestOf } from './request-state.js';

const TZ = DEFAULT_POLICY.timeZone;
const filing = decider(requests.FileAccountingRequestCommand.useCase);
const extending = decider(requests.SendExtensionNoticeCommand.useCase);
const charging = decider(requests.SendFeeNoticeCommand.useCase);
const withdrawing = decider(requests.WithdrawRequestCommand.useCase);
const fulfilling = decider(requests.FulfilRequestCommand.useCase);

const requested = (over: Partial<AccountingRequested> = {}): GivenEvent => ({
  type: 'AccountingRequested',
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
const statusOf = (history: GivenEvent[], at: string) =>
  requestStatus(requestOf(history.map((e, i) => ({ ...e, position: BigInt(i + 1) }))), at, TZ);
const extension = (sentAt: string, newDueOn: string) => ({
  requestId: 'Q1',
  sentAt,
  reason: 'records at an offsite archive',
  newDueOn,
  commandHash: `x-${sentAt}-${newDueOn}`,
});
const extended = (sentAt: string, newDueOn: string): GivenEvent => {
  const { requestId: _id, ...notice } = extension(sentAt, newDueOn);
  return { type: 'ExtensionNoticeSent', data: { memberId: 'M1', ...notice } };
};

describe('filing a request (164.528(c))', () => {
  const file = (receivedAt: string, earlierRequestsReceivedAt: string[] = []) => ({
    requestId: 'Q1',
    memberId: 'M1',
    requester: { type: 'self' as const, personId: null },
    receivedAt,
    period: null,
    kind: 'accounting' as const,
    writtenRequestRef: null,
    commandHash: 'h1',
    earlierRequestsReceivedAt,
  });

  it('(c)(1): due 60 days after the plan date of receipt (a receipt late on 2 Jan UTC is 1 Jan in New York)', () => {
    filing
      .given()
      .when(file('2025-01-02T15:00:00Z'))
      .then([{ type: 'AccountingRequested', data: { dueOn: '2025-03-03' } }]);
    filing
      .given()
      .when(file('2025-01-02T03:00:00Z'))
      .then([{ type: 'AccountingRequested', data: { dueOn: '2025-03-02' } }]);
  });

  it('(c)(2): free unless another request was received in the 12 months before', () => {
    filing
      .given()
      .when(file('2025-06-15T15:00:00Z'))
      .then([{ type: 'AccountingRequested', data: { feeRequired: false } }]);
    filing
      .given()
      .when(file('2025-06-15T15:00:00Z', ['2025-01-10T15:00:00Z']))
      .then([{ type: 'AccountingRequested', data: { feeRequired: true } }]);
    filing
      .given()
      .when(file('2025-06-15T15:00:00Z', ['2024-06-15T15:00:00Z']))
      .then([{ type: 'AccountingRequested', data: { feeRequired: false } }]);
  });

  it('a retry replays the first answer; the same id with another body conflicts', () => {
    const replay = filing.given(requested()).when(file('2025-01-02T15:00:00Z')).thenNothingHappened();
    expect(replay.result).toEqual({ requestId: 'Q1', dueOn: '2025-03-03', feeRequired: false });
    filing
      .given(requested())
      .when({ ...file('2025-01-02T15:00:00Z'), commandHash: 'other' })
      .then({ code: 'ID_CONFLICT' });
  });
});

describe('deadlines (164.528(c)(1))', () => {
  it('the request is open until the due date and overdue the day after', () => {
    expect(statusOf([requested()], '2025-03-03T22:00:00Z')).toBe('open');
    expect(statusOf([requested()], '2025-03-04T15:00:00Z')).toBe('overdue');
  });

  it('one extension of at most 30 days, noticed within the 60 days', () => {
    const decision = extending
      .given(requested())
      .when(extension('2025-03-03T20:00:00Z', '2025-04-02'))
      .then([{ type: 'ExtensionNoticeSent', data: { memberId: 'M1', newDueOn: '2025-04-02' } }]);
    expect(decision.result).toEqual({ requestId: 'Q1', dueOn: '2025-04-02' });
    extending
      .given(requested())
      .when(extension('2025-03-04T15:00:00Z', '2025-04-02'))
      .then({ code: 'EXTENSION_TOO_LATE' });
    extending
      .given(requested())
      .when(extension('2025-02-01T15:00:00Z', '2025-04-03'))
      .then({ code: 'EXTENSION_TOO_LONG' });
    const history = [requested(), extended('2025-02-01T15:00:00Z', '2025-04-02')];
    extending
      .given(...history)
      .when(extension('2025-02-02T15:00:00Z', '2025-04-01'))
      .then({ status: 422, code: 'EXTENSION_ALREADY_SENT' });
    expect(statusOf(history, '2025-03-20T15:00:00Z')).toBe('extended');
    expect(statusOf(history, '2025-04-03T15:00:00Z')).toBe('overdue');
  });

  it('a retried extension notice replays instead of counting as a second one', () => {
    const history = [requested(), extended('2025-02-01T15:00:00Z', '2025-04-02')];
    expect(
      extending
        .given(...history)
        .when(extension('2025-02-01T15:00:00Z', '2025-04-02'))
        .thenNothingHappened().replayedAt,
    ).toBe(2n);
  });
});

describe('fees (164.528(c)(2))', () => {
  const notice = { requestId: 'Q1', sentAt: '2025-01-03T15:00:00Z', amount: 25, commandHash: 'f' };
  const fulfilment = {
    requestId: 'Q1',
    providedAt: '2025-02-01T15:00:00Z',
    format: 'json',
    artifact: '{}',
    artifactSha256: 'abc',
    commandHash: 'p',
  };

  it('the first request in 12 months is free: no fee notice may be sent', () => {
    charging.given(requested()).when(notice).then({ status: 422, code: 'FEE_NOT_ALLOWED' });
  });

  it('a later request needs the fee notice before the accounting is provided; it is fee-pending until then', () => {
    const later = requested({ feeRequired: true });
    expect(statusOf([later], '2025-01-10T15:00:00Z')).toBe('fee-pending');
    fulfilling.given(later).when(fulfilment).then({ status: 422, code: 'FEE_NOTICE_REQUIRED' });
    const noticed = [
      later,
      ...charging
        .given(later)
        .when(notice)
        .then([{ type: 'FeeNoticeSent', data: { amount: 25 } }]).events,
    ];
    fulfilling
      .given(...noticed)
      .when(fulfilment)
      .then([{ type: 'AccountingProvided' }]);
    charging
      .given(...noticed)
      .when({ ...notice, amount: 30, commandHash: 'f2' })
      .then({ status: 409, code: 'FEE_NOTICE_ALREADY_SENT' });
  });

  it('the member may withdraw after the fee notice; nothing can follow a withdrawal', () => {
    const withdrawn: GivenEvent = {
      type: 'RequestWithdrawn',
      data: { memberId: 'M1', withdrawnAt: '2025-01-05T15:00:00Z', commandHash: 'w' },
    };
    const history = [requested({ feeRequired: true }), withdrawn];
    expect(statusOf(history, '2025-06-01T15:00:00Z')).toBe('withdrawn');
    withdrawing
      .given(...history)
      .when({ requestId: 'Q1', withdrawnAt: '2025-01-06T15:00:00Z', commandHash: 'w2' })
      .then({ status: 409, code: 'REQUEST_CLOSED' });
    fulfilling
      .given(...history)
      .when(fulfilment)
      .then({ status: 409, code: 'REQUEST_CLOSED' });
  });
});

describe('fulfilment (164.528(d)(2), 164.530(j))', () => {
  const fulfilment = (providedAt: string, commandHash = 'p') => ({
    requestId: 'Q1',
    providedAt,
    format: 'json',
    artifact: '{"entries":[]}',
    artifactSha256: 'abc',
    commandHash,
  });

  it('stores the accounting provided, whether it was on time, and until when to keep it', () => {
    fulfilling
      .given(requested())
      .when(fulfilment('2025-03-03T22:00:00Z'))
      .then([
        {
          type: 'AccountingProvided',
          data: { memberId: 'M1', artifact: '{"entries":[]}', onTime: true, retainUntil: '2031-03-03' },
        },
      ]);
    fulfilling
      .given(requested())
      .when(fulfilment('2025-03-04T15:00:00Z'))
      .then([{ type: 'AccountingProvided', data: { onTime: false } }]);
    fulfilling
      .given(requested(), extended('2025-02-01T15:00:00Z', '2025-04-02'))
      .when(fulfilment('2025-03-20T15:00:00Z'))
      .then([{ type: 'AccountingProvided', data: { onTime: true } }]);
  });

  it('is stored once; the same fulfilment replays; status is provided from then on', () => {
    const done = [requested(), ...fulfilling.given(requested()).when(fulfilment('2025-02-01T15:00:00Z')).events];
    expect(statusOf(done, '2025-06-01T15:00:00Z')).toBe('provided');
    expect(statusOf(done, '2025-01-20T15:00:00Z')).toBe('open');
    const replay = fulfilling
      .given(...done)
      .when(fulfilment('2025-02-01T15:00:00Z'))
      .thenNothingHappened();
    expect(replay).toMatchObject({ replayedAt: 2n, result: { artifactSha256: 'abc' } });
    fulfilling
      .given(...done)
      .when(fulfilment('2025-02-02T15:00:00Z', 'other'))
      .then({ status: 409, code: 'REQUEST_CLOSED' });
  });
});

describe('42 CFR Part 2 requests (rules/part2.ts)', () => {
  const part2Policy = { ...DEFAULT_POLICY, part2Program: true, part2Intermediary: true };
  const filingPart2 = decider(requests.FileAccountingRequestCommand.useCase, part2Policy);
  const list = (over: Record<string, unknown> = {}) => ({
    requestId: 'Q2',
    memberId: 'M1',
    requester: { type: 'self' as const, personId: null },
    receivedAt: '2026-03-02T15:00:00Z',
    period: null,
    kind: 'part2-intermediary-list' as const,
    writtenRequestRef: 'LETTER-1',
    commandHash: 'h2',
    earlierRequestsReceivedAt: ['2026-01-05T15:00:00Z'],
    ...over,
  });

  it('§2.24: a list is due in 30 days after the written request, with no fee', () => {
    filingPart2
      .given()
      .when(list())
      .then([
        {
          type: 'AccountingRequested',
          data: {
            dueOn: '2026-04-01',
            feeRequired: false,
            kind: 'part2-intermediary-list',
            writtenRequestRef: 'LETTER-1',
          },
        },
      ]);
  });

  it('§2.24: the list is open through its 30th day and overdue the day after', () => {
    const history = [requested({ requestId: 'Q2', dueOn: '2026-04-01', kind: 'part2-intermediary-list' })];
    expect(statusOf(history, '2026-04-01T22:00:00Z')).toBe('open');
    expect(statusOf(history, '2026-04-02T15:00:00Z')).toBe('overdue');
  });

  it('§2.24: a list asked without a written request is refused', () => {
    filingPart2
      .given()
      .when(list({ writtenRequestRef: null }))
      .then({ status: 422, code: 'WRITTEN_REQUEST_REQUIRED', path: 'writtenRequestRef' });
  });

  it('§2.24: the 30 days cannot be extended', () => {
    decider(requests.SendExtensionNoticeCommand.useCase, part2Policy)
      .given(requested({ dueOn: '2025-02-01', kind: 'part2-intermediary-list' }))
      .when(extension('2025-01-20T15:00:00Z', '2025-03-01'))
      .then({ status: 422, code: 'EXTENSION_NOT_ALLOWED' });
  });

  it('§2.25: an accounting of Part 2 records keeps 164.528(c): 60 days, a fee for a second in 12 months', () => {
    filingPart2
      .given()
      .when(list({ kind: 'part2-accounting', writtenRequestRef: null }))
      .then([
        { type: 'AccountingRequested', data: { dueOn: '2026-05-01', feeRequired: true, kind: 'part2-accounting' } },
      ]);
  });

  it('a plan that is not a Part 2 program or intermediary gives neither', () => {
    filing.given().when(list()).then({ status: 422, code: 'PART2_NOT_OFFERED', path: 'kind' });
    filing
      .given()
      .when(list({ kind: 'part2-accounting' }))
      .then({ status: 422, code: 'PART2_NOT_OFFERED', path: 'kind' });
  });

  it('a 164.528 request records no kind (its event is as it was before Part 2 requests existed)', () => {
    const decision = filing
      .given()
      .when(list({ kind: 'accounting', writtenRequestRef: null, earlierRequestsReceivedAt: [] }))
      .then([{ type: 'AccountingRequested' }]);
    expect(decision.events[0].data).not.toHaveProperty('kind');
    expect(decision.events[0].data).not.toHaveProperty('writtenRequestRef');
  });
});
