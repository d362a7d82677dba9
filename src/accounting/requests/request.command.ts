/** Accounting-request commands (api.md "Privacy office"), each on the request's own stream (`accounting-request-{id}`). */
import { createHash } from 'node:crypto';
import type { RenderedReport } from '../reports/report-renderer.js';
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import { requestStream, type Requester, type RequestKind } from '../../events/accounting-request.events.js';
import type { Period } from '../../events/event.js';
import {
  decideExtension,
  decideFeeNotice,
  decideFulfilment,
  decideModification,
  decideRequest,
  decideWithdrawal,
} from './request.decider.js';
import type {
  ExtensionRequestDto,
  FeeNoticeRequestDto,
  FulfilmentRequestDto,
  ModificationRequestDto,
  RecordAccountingRequestDto,
  WithdrawalRequestDto,
} from './request.request.dto.js';
import { requestStreamKind, type RequestState } from './request-state.js';

export type RequestResult = Record<string, unknown> & { requestId: string };

export interface FileRequest {
  requestId: string;
  memberId: string;
  requester: Requester;
  receivedAt: string;
  period: Period | null;
  kind: RequestKind;
  writtenRequestRef: string | null;
  commandHash: string;
  /** (c)(2): when the member's other requests (not withdrawn) were received, to tell whether this one is free */
  earlierRequestsReceivedAt: string[];
}

export interface SendExtensionNotice {
  requestId: string;
  sentAt: string;
  reason: string;
  newDueOn: string;
  commandHash: string;
}

export interface SendFeeNotice {
  requestId: string;
  sentAt: string;
  amount: number;
  commandHash: string;
}

export interface ModifyRequest {
  requestId: string;
  period: Period;
  commandHash: string;
}

export interface WithdrawRequest {
  requestId: string;
  withdrawnAt: string;
  commandHash: string;
}

export interface FulfilRequest {
  requestId: string;
  providedAt: string;
  format: string;
  /** (d)(2): the written accounting provided, exactly as provided (a PDF's bytes in base64) */
  artifact: string;
  artifactEncoding?: 'base64';
  artifactSha256: string;
  commandHash: string;
}

/**
 * A request filed `receivedAt` (now, unless the privacy office logs one received earlier). The hash covers the body as
 * sent (receivedAt absent when the ledger set it), so a member's retry replays.
 */
export function toFileRequest(
  b: RecordAccountingRequestDto,
  receivedAt: string,
  earlierRequestsReceivedAt: string[],
): FileRequest {
  const body = {
    requestId: b.requestId,
    memberId: b.memberId,
    requester: { type: b.requester.type, personId: b.requester.personId ?? null },
    receivedAt,
    period: b.period ? { from: b.period.from, to: b.period.to } : null,
  };
  // the Part 2 fields are hashed only when given: a request sent before they existed replays
  const part2 = {
    ...(b.kind && b.kind !== 'accounting' ? { kind: b.kind } : {}),
    ...(b.writtenRequestRef ? { writtenRequestRef: b.writtenRequestRef } : {}),
  };
  return {
    ...body,
    kind: b.kind ?? 'accounting',
    writtenRequestRef: b.writtenRequestRef ?? null,
    commandHash: commandHash({ ...body, receivedAt: b.receivedAt ?? null, ...part2 }),
    earlierRequestsReceivedAt,
  };
}

export const toExtension = (requestId: string, b: ExtensionRequestDto): SendExtensionNotice => {
  const body = { sentAt: b.sentAt, reason: b.reason, newDueOn: b.newDueOn };
  return { requestId, ...body, commandHash: commandHash(body) };
};

export const toFeeNotice = (requestId: string, b: FeeNoticeRequestDto): SendFeeNotice => {
  const body = { sentAt: b.sentAt, amount: b.amount };
  return { requestId, ...body, commandHash: commandHash(body) };
};

export const toModification = (requestId: string, b: ModificationRequestDto): ModifyRequest => {
  const period = { from: b.period.from, to: b.period.to };
  return { requestId, period, commandHash: commandHash(period) };
};

export const toWithdrawal = (requestId: string, b: WithdrawalRequestDto): WithdrawRequest => ({
  requestId,
  withdrawnAt: b.withdrawnAt,
  commandHash: commandHash({ withdrawnAt: b.withdrawnAt }),
});

/**
 * The accounting as provided (d)(2): the member's accounting (without the office's trace) rendered in the format asked,
 * carrying the plan and the office responsible (d)(3), stored exactly as sent (a PDF as base64 of its bytes) with the
 * SHA-256 of those bytes. A JSON accounting also names the request it answers.
 */
export function toFulfilment(requestId: string, b: FulfilmentRequestDto, report: RenderedReport): FulfilRequest {
  const { body } = report;
  const bytes =
    report.format === 'json'
      ? Buffer.from(JSON.stringify({ requestId, ...(body as object) }))
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(body as string);
  const binary = report.format === 'pdf';
  return {
    requestId,
    providedAt: b.providedAt,
    format: b.format,
    artifact: bytes.toString(binary ? 'base64' : 'utf8'),
    ...(binary ? { artifactEncoding: 'base64' as const } : {}),
    artifactSha256: createHash('sha256').update(bytes).digest('hex'),
    commandHash: commandHash({ providedAt: b.providedAt, format: b.format, ...(b.lang ? { lang: b.lang } : {}) }),
  };
}

/** A use case on the request's stream. */
const onRequest = <C extends { requestId: string }>(decide: UseCase<C, RequestState, RequestResult>['decide']) => ({
  kind: requestStreamKind,
  target: (c: C) => ({ stream: requestStream(c.requestId) }),
  decide,
});

export class FileAccountingRequestCommand extends LedgerCommand<FileRequest, RequestResult> {
  static readonly useCase = onRequest<FileRequest>(decideRequest);
}

export class SendExtensionNoticeCommand extends LedgerCommand<SendExtensionNotice, RequestResult> {
  static readonly useCase = onRequest<SendExtensionNotice>(decideExtension);
}

export class SendFeeNoticeCommand extends LedgerCommand<SendFeeNotice, RequestResult> {
  static readonly useCase = onRequest<SendFeeNotice>((c, s) => decideFeeNotice(c, s));
}

export class ModifyRequestCommand extends LedgerCommand<ModifyRequest, RequestResult> {
  static readonly useCase = onRequest<ModifyRequest>((c, s) => decideModification(c, s));
}

export class WithdrawRequestCommand extends LedgerCommand<WithdrawRequest, RequestResult> {
  static readonly useCase = onRequest<WithdrawRequest>((c, s) => decideWithdrawal(c, s));
}

export class FulfilRequestCommand extends LedgerCommand<FulfilRequest, RequestResult> {
  static readonly useCase = onRequest<FulfilRequest>(decideFulfilment);
}
