/**
 * An incident folded from its stream (`assessment-{id}`): what the deciders judge and what the incidents read model
 * keeps as its summary. Disclosure ids are kept as a set (for the decider: each disclosure joins an incident once);
 * the summary the read model stores leaves them out (its own table pages them).
 */
import type { RecordedCommand } from '../../commands/decision.js';
import type { FoldableEvent, StreamKind } from '../../commands/stream-kind.js';
import type {
  BreachExceptionFound,
  BreachNoticeSent,
  IncidentConcluded,
  IncidentEventMap,
  IncidentEventType,
  IncidentOpened,
  LawEnforcementDelayStated,
  RiskAssessed,
} from '../../events/incident.events.js';
import { withoutCommandHash } from '../../events/event.js';

export interface IncidentSummary {
  opened: Omit<IncidentOpened, 'commandHash'> | null;
  discoveredOn: string | null;
  assessment: Omit<RiskAssessed, 'commandHash'> | null;
  exception: Omit<BreachExceptionFound, 'commandHash'> | null;
  delay: Omit<LawEnforcementDelayStated, 'commandHash'> | null;
  conclusion: Omit<IncidentConcluded, 'commandHash'> | null;
  notices: Omit<BreachNoticeSent, 'commandHash'>[];
}

export interface IncidentState extends IncidentSummary {
  disclosureIds: Set<string>;
  /** events in the stream: a step's event id carries it (the same body can be a new step later) */
  events: number;
  /** commands recorded, by key (`open`, `conclusion`, or the command hash of a repeatable step) */
  commands: Map<string, RecordedCommand>;
}

export const emptySummary = (): IncidentSummary => ({
  opened: null,
  discoveredOn: null,
  assessment: null,
  exception: null,
  delay: null,
  conclusion: null,
  notices: [],
});

/**
 * How a step is remembered for replays: opening and the conclusion once per incident; a grouping by its command hash
 * (a retried page); every other step by its type, the latest one (a body equal to the latest is a retry; any other body,
 * even one recorded before it, is a new step: assessment A, then B, then A again records A again).
 */
const ONCE: Partial<Record<IncidentEventType, string>> = { IncidentOpened: 'open', IncidentConcluded: 'conclusion' };
export const incidentCommandKey = (type: IncidentEventType, commandHash: string) =>
  ONCE[type] ?? (type === 'DisclosuresGrouped' ? `${type}:${commandHash}` : type);
/** Steps remembered by their latest body only: another body is a new step, not a conflict. */
export const isLatestKeyed = (type: IncidentEventType) => ONCE[type] === undefined && type !== 'DisclosuresGrouped';

/** The summary with one event folded in (a new object; `s` is left as it was). */
export function evolveSummary<S extends IncidentSummary>(s: S, type: IncidentEventType, data: unknown): S {
  const d = data as IncidentEventMap[IncidentEventType];
  switch (type) {
    case 'IncidentOpened': {
      const opened = withoutCommandHash(d as IncidentOpened);
      return { ...s, opened, discoveredOn: opened.discoveredOn };
    }
    case 'DiscoveryRevised':
      return { ...s, discoveredOn: (d as IncidentEventMap['DiscoveryRevised']).discoveredOn };
    case 'RiskAssessed':
      return { ...s, assessment: withoutCommandHash(d as RiskAssessed) };
    case 'BreachExceptionFound':
      return { ...s, exception: withoutCommandHash(d as BreachExceptionFound) };
    case 'LawEnforcementDelayStated':
      return { ...s, delay: withoutCommandHash(d as LawEnforcementDelayStated) };
    case 'IncidentConcluded':
      return { ...s, conclusion: withoutCommandHash(d as IncidentConcluded) };
    case 'BreachNoticeSent':
      return { ...s, notices: [...s.notices, withoutCommandHash(d as BreachNoticeSent)] };
    default:
      return s;
  }
}

export function foldIncident(state: IncidentState, events: readonly FoldableEvent[]): IncidentState {
  let s: IncidentState = { ...state, disclosureIds: new Set(state.disclosureIds), commands: new Map(state.commands) };
  for (const e of events) {
    const type = e.type as IncidentEventType;
    const hash = (e.data as { commandHash: string }).commandHash;
    s.commands.set(incidentCommandKey(type, hash), { hash, position: e.position });
    s.events += 1;
    if (type === 'DisclosuresGrouped')
      for (const d of (e.data as IncidentEventMap['DisclosuresGrouped']).disclosures)
        s.disclosureIds.add(d.disclosureId);
    s = evolveSummary(s, type, e.data);
  }
  return s;
}

export const incidentStreamKind: StreamKind<IncidentState> = {
  name: 'incident',
  initial: () => ({ ...emptySummary(), disclosureIds: new Set(), commands: new Map(), events: 0 }),
  fold: foldIncident,
  cached: false,
};
