/** Business-associate commands (privacy office), each a step on `business-associate-{associateId}`. */
import { commandHash } from '../../commands/command-hash.js';
import { LedgerCommand, type UseCase } from '../../commands/ledger-command.js';
import type { StreamKind } from '../../commands/stream-kind.js';
import { associateStream, type AssociateEventMap } from '../../events/business-associate.events.js';
import { emptyAssociate, foldAssociate, type AssociateOnFile } from '../../rules/business-associates.js';
import { decideAssociateStep, type AssociateResult, type AssociateStep } from './associate.decider.js';
import type {
  RecordAgreementRequestDto,
  RegisterAssociateRequestDto,
  TerminateAgreementRequestDto,
} from './associate.request.dto.js';

export const associateStreamKind: StreamKind<AssociateOnFile> = {
  name: 'business-associate',
  initial: emptyAssociate,
  fold: foldAssociate,
  cached: false,
};

function step<K extends keyof AssociateEventMap>(
  associateId: string,
  type: K,
  payload: Omit<AssociateEventMap[K], 'commandHash'>,
): AssociateStep {
  return { associateId, type, data: { ...payload, commandHash: commandHash(payload) } } as unknown as AssociateStep;
}

export const toRegistration = (b: RegisterAssociateRequestDto) =>
  step(b.associateId, 'BusinessAssociateRegistered', {
    associateId: b.associateId,
    name: b.name,
    aliases: b.aliases ?? [],
    services: b.services,
  });

export const toAgreement = (associateId: string, b: RecordAgreementRequestDto) =>
  step(associateId, 'AgreementRecorded', {
    agreementId: b.agreementId,
    signedOn: b.signedOn,
    effectiveFrom: b.effectiveFrom,
    effectiveUntil: b.effectiveUntil ?? null,
  });

export const toTermination = (associateId: string, agreementId: string, b: TerminateAgreementRequestDto) =>
  step(associateId, 'AgreementTerminated', { agreementId, terminatedOn: b.terminatedOn });

/** The register entry a disclosure decision reads (UseCase.consults), or null when it names no associate. */
export const consultedAssociate = (associateId: string | null) =>
  associateId === null
    ? null
    : { stream: associateStream(associateId), kind: associateStreamKind as StreamKind<unknown> };

export class AssociateStepCommand extends LedgerCommand<AssociateStep, AssociateResult> {
  static readonly useCase: UseCase<AssociateStep, AssociateOnFile, AssociateResult> = {
    kind: associateStreamKind,
    target: (c) => ({ stream: associateStream(c.associateId) }),
    decide: (c, state) => decideAssociateStep(c, state),
  };
}
