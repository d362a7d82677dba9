import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CONFIG, type LedgerConfig } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { DisclosureCorrected } from '../member/member-events.js';
import type { CommandContext } from '../shared/command-context.js';
import { commandHash } from '../shared/command-hash.js';
import { ledgerError, type LedgerError } from '../shared/ledger-error.js';
import { MemberCommandRunner, type Accepted } from '../shared/member-command.runner.js';
import { decideCorrection, decideVoid, type CorrectionResult } from './correct-disclosure.decider.js';
import type {
  CorrectDisclosureRequestDto,
  DisclosureChangesDto,
  VoidDisclosureRequestDto,
} from './correct-disclosure.request.dto.js';

export class CorrectDisclosureCommand {
  constructor(
    readonly disclosureId: string,
    readonly request: CorrectDisclosureRequestDto,
    readonly context: CommandContext,
  ) {}
}

export class VoidDisclosureCommand {
  constructor(
    readonly disclosureId: string,
    readonly request: VoidDisclosureRequestDto,
    readonly context: CommandContext,
  ) {}
}

function toChanges(c: DisclosureChangesDto): DisclosureCorrected['changes'] {
  const changes: DisclosureCorrected['changes'] = {};
  if (c.recipient)
    changes.recipient = { name: c.recipient.name, address: c.recipient.address ?? null, id: c.recipient.id ?? null };
  if (c.occurredAt) changes.occurredAt = c.occurredAt;
  if (c.occurredPeriod) changes.occurredPeriod = { from: c.occurredPeriod.from, to: c.occurredPeriod.to };
  if (c.legalBasis) {
    changes.legalBasis = {
      cfr: c.legalBasis.cfr,
      permitted: c.legalBasis.permitted,
      authorizationId: c.legalBasis.authorizationId ?? null,
      rationale: c.legalBasis.rationale ?? null,
    };
  }
  for (const key of ['phiDescription', 'purpose', 'purposeOfUse', 'madeBy', 'writtenRequestRef', 'channel'] as const) {
    if (c[key] !== undefined) (changes as Record<string, unknown>)[key] = c[key];
  }
  return changes;
}

/** Disclosure ids are unique across the ledger: the stored PhiDisclosed event names the member. */
async function memberOf(store: EventStore, disclosureId: string): Promise<string | LedgerError> {
  const stream = await store.streamOf(`disclosure:${disclosureId}`);
  return stream?.startsWith('member-')
    ? stream.slice('member-'.length)
    : ledgerError(404, 'UNKNOWN_DISCLOSURE', `no disclosure ${disclosureId} is recorded`);
}

@CommandHandler(CorrectDisclosureCommand)
export class CorrectDisclosureHandler implements ICommandHandler<CorrectDisclosureCommand> {
  constructor(
    @Inject(CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: MemberCommandRunner,
  ) {}

  async execute({
    disclosureId,
    request,
    context,
  }: CorrectDisclosureCommand): Promise<Accepted<CorrectionResult> | LedgerError> {
    const memberId = await memberOf(this.store, disclosureId);
    if (typeof memberId !== 'string') return memberId;
    const changes = toChanges(request.changes);
    const hash = commandHash({ disclosureId, correctionId: request.correctionId, changes, reason: request.reason });
    const calendar = { timeZone: this.config.LEDGER_TIMEZONE, complianceDate: this.config.LEDGER_COMPLIANCE_DATE };
    return this.runner.run(memberId, context, (state) =>
      decideCorrection(
        state,
        { disclosureId, correctionId: request.correctionId, changes, reason: request.reason, commandHash: hash },
        calendar,
      ),
    );
  }
}

@CommandHandler(VoidDisclosureCommand)
export class VoidDisclosureHandler implements ICommandHandler<VoidDisclosureCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: MemberCommandRunner,
  ) {}

  async execute({
    disclosureId,
    request,
    context,
  }: VoidDisclosureCommand): Promise<Accepted<CorrectionResult> | LedgerError> {
    const memberId = await memberOf(this.store, disclosureId);
    if (typeof memberId !== 'string') return memberId;
    const hash = commandHash({ disclosureId, ...request });
    return this.runner.run(memberId, context, (state) =>
      decideVoid(state, { disclosureId, voidId: request.voidId, reason: request.reason, commandHash: hash }),
    );
  }
}
