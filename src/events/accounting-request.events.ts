/** The accounting-request stream (`accounting-request-{id}`): 164.528(c) deadlines and fees, (d) documentation. */
import type { EventOf, Period } from './event.js';

export const REQUEST_STREAM_PREFIX = 'accounting-request-';
export const requestStream = (id: string) => `${REQUEST_STREAM_PREFIX}${id}`;

export interface Requester {
  type: 'self' | 'representative';
  personId: string | null;
}

/**
 * What is asked: the 164.528 accounting (the default: absent from the event); the 42 CFR 2.25 accounting of Part 2
 * records; or the 42 CFR 2.24 list an intermediary gives of the persons it disclosed Part 2 records to.
 */
export const REQUEST_KINDS = ['accounting', 'part2-accounting', 'part2-intermediary-list'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface AccountingRequested {
  requestId: string;
  memberId: string;
  requester: Requester;
  receivedAt: string;
  period: Period | null;
  /** (c)(1): 60 days after receipt */
  dueOn: string;
  /** (c)(2): not the first request in the 12-month window */
  feeRequired: boolean;
  /** present for the Part 2 kinds only (a request recorded before they existed keeps its hash) */
  kind?: Exclude<RequestKind, 'accounting'>;
  /** 42 CFR 2.24: the list is given on written request; the reference of the copy kept */
  writtenRequestRef?: string;
  commandHash: string;
}

export interface ExtensionNoticeSent {
  memberId: string;
  sentAt: string;
  reason: string;
  newDueOn: string;
  commandHash: string;
}

export interface FeeNoticeSent {
  memberId: string;
  sentAt: string;
  amount: number;
  commandHash: string;
}

export interface RequestModified {
  memberId: string;
  period: Period;
  commandHash: string;
}

export interface RequestWithdrawn {
  memberId: string;
  withdrawnAt: string;
  commandHash: string;
}

export interface AccountingProvided {
  memberId: string;
  providedAt: string;
  format: string;
  artifactSha256: string;
  onTime: boolean;
  /** 164.530(j)(2): keep for six years from creation */
  retainUntil: string;
  /** (d)(2): the written accounting that was provided, exactly as provided (a PDF as base64 of its bytes) */
  artifact: string;
  /** present when `artifact` is base64 (format pdf); the SHA-256 is of the decoded bytes */
  artifactEncoding?: 'base64';
  commandHash: string;
}

export interface AccountingRequestEventMap {
  AccountingRequested: AccountingRequested;
  ExtensionNoticeSent: ExtensionNoticeSent;
  FeeNoticeSent: FeeNoticeSent;
  RequestModified: RequestModified;
  RequestWithdrawn: RequestWithdrawn;
  AccountingProvided: AccountingProvided;
}

export type AccountingRequestEvent = EventOf<AccountingRequestEventMap>;
