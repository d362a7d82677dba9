/** The suspension stream (`suspension-{id}`): 164.528(a)(2) statements by a health oversight or law enforcement agency. */
import type { EventOf } from './event.js';

export const SUSPENSION_STREAM_PREFIX = 'suspension-';
export const suspensionStream = (id: string) => `${SUSPENSION_STREAM_PREFIX}${id}`;

export interface SuspensionRequested {
  suspensionId: string;
  /** the agency or official: matched against a disclosure recipient's id or name */
  agency: string;
  form: 'written' | 'oral';
  statedAt: string;
  /** last day (plan date) the agency asked for */
  until: string | null;
  /** (a)(2)(ii)(A): the official who made an oral statement */
  officialIdentity: string | null;
  /** null: every member */
  memberIds: string[] | null;
  commandHash: string;
}

/** (a)(2)(ii)(C): the written statement that follows an oral one (its event id carries the command hash). */
export interface SuspensionConfirmedInWriting {
  suspensionId: string;
  receivedAt: string;
  until: string;
}

export interface SuspensionEventMap {
  SuspensionRequested: SuspensionRequested;
  SuspensionConfirmedInWriting: SuspensionConfirmedInWriting;
}

export type SuspensionEvent = EventOf<SuspensionEventMap>;
