/**
 * What the office and auditors see of an incident on a plan date: its status, the people and States it reached, and
 * every deadline of 164.404–408 computed from its discovery (and a 164.412 delay), each with whether it was met or is
 * overdue. Pure: the summary the read model keeps, the incident's reach, and the date.
 */
import { addDays } from '../../rules/calendar.js';
import {
  hhsNotice,
  individualNoticesDue,
  mediaNoticeStates,
  type LawEnforcementDelay,
} from '../../rules/breach-notification.js';
import type { IncidentReach, IncidentRow } from '../projection/incidents.reader.js';

export type IncidentStatus = 'open' | 'concluded' | 'closed';

/** A notice's deadline: `overdue` when not sent and past due; `late` when sent after it. */
interface Deadline {
  dueOn: string;
  sentOn: string | null;
  overdue: boolean;
  late: boolean;
}

const deadline = (dueOn: string, sentOn: string | null, today: string): Deadline => ({
  dueOn,
  sentOn,
  overdue: sentOn === null && today > dueOn,
  late: sentOn !== null && sentOn > dueOn,
});

export function incidentView({ incidentId, openedAt, summary: s }: IncidentRow, reach: IncidentReach, today: string) {
  const affectedByState: Record<string, number> = {};
  for (const state of reach.members.values())
    affectedByState[state ?? 'unknown'] = (affectedByState[state ?? 'unknown'] ?? 0) + 1;
  const affected = reach.members.size;
  // a disclosure recorded in error is not a breach: an incident left with none closes itself
  const status: IncidentStatus =
    reach.grouped > 0 && reach.standing === 0 ? 'closed' : s.conclusion ? 'concluded' : 'open';
  const delay: LawEnforcementDelay | null = s.delay && {
    form: s.delay.form,
    statedOn: s.delay.statedOn,
    until: s.delay.until,
    confirmedInWriting: s.delay.confirmedInWriting,
  };
  // until concluded otherwise, an impermissible disclosure is presumed a breach (164.402): its clock runs
  const notifiable = status !== 'closed' && s.conclusion?.conclusion !== 'not-a-breach' && s.discoveredOn !== null;
  const firstSent = (kind: 'individual' | 'media' | 'hhs') =>
    s.notices
      .filter((n) => n.kind === kind)
      .map((n) => n.sentOn)
      .sort()[0] ?? null;
  let deadlines = null;
  if (notifiable) {
    const individualDue = individualNoticesDue(s.discoveredOn!, delay);
    const media = mediaNoticeStates(
      Object.fromEntries(Object.entries(affectedByState).filter(([k]) => k !== 'unknown')),
    );
    const hhs = hhsNotice(affected, s.discoveredOn!, delay);
    deadlines = {
      individualNotices: deadline(individualDue, firstSent('individual'), today),
      mediaNotice: media.length > 0 ? { states: media, ...deadline(individualDue, firstSent('media'), today) } : null,
      hhsNotice: { route: hhs.route, ...deadline(hhs.dueOn, firstSent('hhs'), today) },
    };
  }
  const overdue =
    deadlines !== null &&
    [deadlines.individualNotices, deadlines.mediaNotice, deadlines.hhsNotice].some((d) => d?.overdue === true);
  return {
    incidentId,
    title: s.opened?.title ?? null,
    openedAt,
    status,
    discoveredOn: s.discoveredOn,
    disclosures: {
      grouped: reach.grouped,
      standing: reach.standing,
      firstDate: reach.firstDate,
      lastDate: reach.lastDate,
    },
    affected,
    affectedByState,
    channels: reach.channels,
    assessment: s.assessment,
    exception: s.exception,
    lawEnforcementDelay: s.delay,
    conclusion: s.conclusion,
    notices: s.notices,
    deadlines,
    overdue,
  };
}

export type IncidentView = ReturnType<typeof incidentView>;

/** The earliest deadline still open (not sent), for `due-within`. */
export function nextDueOn(view: IncidentView): string | null {
  const d = view.deadlines;
  if (!d) return null;
  const open = [d.individualNotices, d.mediaNotice, d.hhsNotice]
    .filter((x) => x && x.sentOn === null)
    .map((x) => x!.dueOn);
  return open.sort()[0] ?? null;
}

/** `due-within=N`: an open deadline falls on or before today + N days (overdue ones included). */
export const dueWithin = (view: IncidentView, today: string, days: number): boolean => {
  const next = nextDueOn(view);
  return next !== null && next <= addDays(today, days);
};

/** The annual log's columns, in the order of the HHS breach portal's form. */
export const HHS_LOG_COLUMNS = [
  'incidentId',
  'breachStartDate',
  'breachEndDate',
  'discoveryDate',
  'individualsAffected',
  'typeOfBreach',
  'locationOfBreachedInformation',
  'safeguardsAndActions',
  'individualNoticeDate',
  'mediaNoticeDate',
  'description',
] as const;

/** 164.408(c): a row of the annual log the plan submits to HHS for breaches of fewer than 500, in the portal's terms. */
export function hhsLogRow(view: IncidentView): Record<(typeof HHS_LOG_COLUMNS)[number], string | number | null> {
  return {
    incidentId: view.incidentId,
    breachStartDate: view.disclosures.firstDate,
    breachEndDate: view.disclosures.lastDate,
    discoveryDate: view.discoveredOn,
    individualsAffected: view.affected,
    typeOfBreach: 'Unauthorized Access/Disclosure',
    locationOfBreachedInformation: view.channels.join('; '),
    safeguardsAndActions: view.assessment?.mitigation ?? '',
    individualNoticeDate:
      view.notices
        .filter((n) => n.kind === 'individual')
        .map((n) => n.sentOn)
        .sort()[0] ?? '',
    mediaNoticeDate:
      view.notices
        .filter((n) => n.kind === 'media')
        .map((n) => n.sentOn)
        .sort()[0] ?? '',
    description: view.title ?? '',
  };
}

export type HhsLogRow = ReturnType<typeof hhsLogRow>;

/** Breaches of fewer than 500 discovered in `year`: the annual log's rows (164.408(c)). */
export const annualLog = (views: readonly IncidentView[], year: number): HhsLogRow[] =>
  views
    .filter(
      (v) =>
        v.conclusion?.conclusion === 'breach' &&
        v.status !== 'closed' &&
        v.affected < 500 &&
        v.discoveredOn?.startsWith(`${year}-`),
    )
    .map(hhsLogRow);
