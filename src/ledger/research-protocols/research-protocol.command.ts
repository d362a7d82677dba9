/**
 * RegisterResearchProtocol (api.md `POST /v1/research-protocols`): what a 164.528(b)(4) research listing needs, in the
 * protocol's own stream (`research-protocol-{id}`), recorded once.
 */
import { commandHash } from '../../commands/command-hash.js';
import { conflictOf, replayOf, type Decision } from '../../commands/decision.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import type { LedgerError } from '../../commands/ledger-error.js';
import type { StreamKind } from '../../commands/stream-kind.js';
import {
  protocolStream,
  type ResearchProtocolEvent,
  type ResearchProtocolRegistered,
} from '../../events/research-protocol.events.js';
import type { RecordedCommand } from '../../commands/decision.js';
import type { RegisterResearchProtocolRequestDto } from './research-protocol.request.dto.js';

export interface ProtocolResult {
  protocolId: string;
}

/** The protocol's registration, once made. */
export interface ProtocolState {
  registered: RecordedCommand | null;
}

export const protocolStreamKind: StreamKind<ProtocolState> = {
  name: 'research-protocol',
  initial: () => ({ registered: null }),
  fold: (state, events) => {
    const registration = events.find((e) => e.type === 'ResearchProtocolRegistered');
    if (!registration || state.registered) return state;
    return {
      registered: {
        hash: (registration.data as ResearchProtocolRegistered).commandHash,
        position: registration.position,
      },
    };
  },
  cached: false,
};

export function toResearchProtocol(b: RegisterResearchProtocolRequestDto): ResearchProtocolRegistered {
  const payload = {
    protocolId: b.protocolId,
    name: b.name,
    description: b.description,
    selectionCriteria: b.selectionCriteria,
    phiTypes: b.phiTypes,
    sponsor: { name: b.sponsor.name, address: b.sponsor.address, phone: b.sponsor.phone ?? null },
    researcher: { name: b.researcher.name, address: b.researcher.address, phone: b.researcher.phone ?? null },
    cohortSize: b.cohortSize,
  };
  return { ...payload, commandHash: commandHash(payload) };
}

export function decideRegistration(
  cmd: ResearchProtocolRegistered,
  state: ProtocolState,
): Decision<ProtocolResult, ResearchProtocolEvent> | LedgerError {
  const result = () => ({ protocolId: cmd.protocolId });
  const replay = replayOf(
    state.registered ?? undefined,
    cmd.commandHash,
    result,
    conflictOf('research protocol', cmd.protocolId),
  );
  if (replay) return replay;
  return {
    events: [{ type: 'ResearchProtocolRegistered', eventId: `research-protocol:${cmd.protocolId}`, data: cmd }],
    result: result(),
  };
}

export class RegisterResearchProtocolCommand extends LedgerCommand<ResearchProtocolRegistered, ProtocolResult> {
  static readonly useCase: UseCase<ResearchProtocolRegistered, ProtocolState, ProtocolResult> = {
    kind: protocolStreamKind,
    target: (c) => ({ stream: protocolStream(c.protocolId) }),
    decide: (c, state) => decideRegistration(c, state),
  };
}
