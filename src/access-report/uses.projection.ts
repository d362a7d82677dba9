/**
 * Uses of PHI as a read model (the access report's `use` rows) and the snooping findings computed from them
 * (snooping.ts, docs/snooping.md). Reads PhiUsed from the use streams (and from member streams, where uses were
 * recorded before they had their own) and PrivacyProfileRecorded from member streams.
 *
 * A finding is judged with the profiles recorded before the use in the log: a profile recorded later does not reach
 * back (the rules say what the office could have known then). Changing the snooping policy (business hours,
 * threshold, time zone) takes effect on new uses; `phi-ledger projections rebuild uses` applies it to all.
 */
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { PrivacyProfileRecorded } from '../events/member.events.js';
import { MEMBER_STREAM_PREFIX } from '../events/member.events.js';
import type { PhiUsed } from '../events/use.events.js';
import type { Projection } from '../projections/projection.js';
import type { SqlTx, SqlValue } from '../projections/read-model-db.js';
import { allIn, insertMany } from '../projections/sql.js';
import { planDate } from '../rules/plan-dates.js';
import { isAfterHours, useFindings, type Profile, type SnoopingPolicy } from './snooping.js';

export const USES_PROJECTION = 'uses';

const USE_COLUMNS = [
  'position',
  'member_id',
  'use_id',
  'occurred_at',
  'plan_day',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'description',
  'purpose_of_use',
  'source_system',
  'context_kind',
  'context_id',
  'after_hours',
];
const FINDING_COLUMNS = [
  'finding_id',
  'rule',
  'position',
  'member_id',
  'actor_id',
  'actor_name',
  'plan_day',
  'occurred_at',
  'members',
];

const AFTER_HOURS_COLUMNS = ['actor_id', 'plan_day', 'member_id'];

/** Instants as stored: UTC, milliseconds, so that text order is time order on both engines. */
const utc = (instant: string) => new Date(instant).toISOString();

interface ProfileRow {
  member_id: string;
  surname_key: string | null;
  address_key: string | null;
  vip: number | boolean;
  workforce_actor_id: string | null;
}

const toProfile = (r: ProfileRow): Profile => ({
  memberId: r.member_id,
  surnameKey: r.surname_key,
  addressKey: r.address_key,
  vip: Boolean(Number(r.vip)),
  workforceActorId: r.workforce_actor_id,
});

/** One actor's uses outside business hours on one plan day, in log order. */
interface AfterHoursGroup {
  actorId: string;
  actorName: string;
  day: string;
  uses: { memberId: string; position: bigint; at: string }[];
}

export function createUsesProjection(policy: SnoopingPolicy): Projection {
  /**
   * AFTER_HOURS_BULK for one actor and day: found at the use that brings the distinct members used after hours to
   * the threshold; later uses that day update its count. One finding per actor and day. The members already counted
   * are the day's set in use_after_hours (every after-hours use before this page's), read from its key alone; the
   * page's new members join it.
   */
  async function bulkFinding(tx: SqlTx, group: AfterHoursGroup, joined: SqlValue[][]): Promise<SqlValue[][]> {
    const id = `AFTER_HOURS_BULK:${group.actorId}:${group.day}`;
    const seen = new Set(
      (
        await tx.all<{ member_id: string }>(
          'SELECT member_id FROM use_after_hours WHERE actor_id = $1 AND plan_day = $2',
          [group.actorId, group.day],
        )
      ).map((r) => r.member_id),
    );
    const foundBefore = seen.size >= policy.bulkReadThreshold;
    let crossed: { position: bigint; at: string } | null = null;
    for (const use of group.uses) {
      if (seen.has(use.memberId)) continue;
      seen.add(use.memberId);
      joined.push([group.actorId, group.day, use.memberId]);
      if (!foundBefore && crossed === null && seen.size === policy.bulkReadThreshold) crossed = use;
    }
    if (seen.size < policy.bulkReadThreshold) return [];
    if (crossed === null) {
      await tx.run('UPDATE use_findings SET members = $1 WHERE finding_id = $2', [seen.size, id]);
      return [];
    }
    return [
      [
        id,
        'AFTER_HOURS_BULK',
        crossed.position,
        null,
        group.actorId,
        group.actorName,
        group.day,
        crossed.at,
        seen.size,
      ],
    ];
  }

  return {
    name: USES_PROJECTION,
    schema: [
      `CREATE TABLE IF NOT EXISTS use_events (
         position BIGINT PRIMARY KEY, member_id TEXT NOT NULL, use_id TEXT NOT NULL, occurred_at TEXT NOT NULL,
         plan_day TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL,
         action TEXT NOT NULL, description TEXT NOT NULL, purpose_of_use TEXT, source_system TEXT,
         context_kind TEXT, context_id TEXT, after_hours INTEGER NOT NULL)`,
      // the distinct members each actor used after hours on each plan day (AFTER_HOURS_BULK counts them)
      `CREATE TABLE IF NOT EXISTS use_after_hours (
         actor_id TEXT NOT NULL, plan_day TEXT NOT NULL, member_id TEXT NOT NULL,
         PRIMARY KEY (actor_id, plan_day, member_id))`,
      `CREATE TABLE IF NOT EXISTS use_profiles (
         member_id TEXT PRIMARY KEY, surname_key TEXT, address_key TEXT, vip INTEGER NOT NULL,
         workforce_actor_id TEXT)`,
      // apply reads through this one (an actor's own profile, for the rules about fellow workforce members)
      'CREATE INDEX IF NOT EXISTS use_profiles_actor ON use_profiles (workforce_actor_id)',
      `CREATE TABLE IF NOT EXISTS use_findings (
         finding_id TEXT PRIMARY KEY, rule TEXT NOT NULL, position BIGINT NOT NULL, member_id TEXT,
         actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, plan_day TEXT NOT NULL, occurred_at TEXT NOT NULL,
         members INTEGER NOT NULL)`,
    ],
    queryIndexes: [
      // the uses behind an AFTER_HOURS_BULK finding (uses.reader.ts)
      'CREATE INDEX IF NOT EXISTS use_events_actor ON use_events (actor_id, plan_day)',
      'CREATE INDEX IF NOT EXISTS use_events_member ON use_events (member_id, occurred_at, position)',
      'CREATE INDEX IF NOT EXISTS use_findings_position ON use_findings (position)',
      'CREATE INDEX IF NOT EXISTS use_findings_rule ON use_findings (rule, position)',
      'CREATE INDEX IF NOT EXISTS use_findings_actor ON use_findings (actor_id, position)',
      'CREATE INDEX IF NOT EXISTS use_findings_member ON use_findings (member_id, position)',
    ],
    tables: ['use_events', 'use_profiles', 'use_findings', 'use_after_hours'],
    // 2: the after-hours members of each actor's day kept in use_after_hours, not read back from use_events
    version: 2,

    async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
      const relevant = events.filter(
        (e) =>
          e.type === 'PhiUsed' || (e.type === 'PrivacyProfileRecorded' && e.stream.startsWith(MEMBER_STREAM_PREFIX)),
      );
      if (relevant.length === 0) return;
      const uses = relevant.filter((e) => e.type === 'PhiUsed').map((e) => e.data as PhiUsed);
      // the profiles the batch's uses may need, as stored before it; the batch's own profiles replace them in order
      const members = new Map<string, Profile | null>();
      const actors = new Map<string, Profile | null>();
      const memberIds = [...new Set(uses.map((u) => u.memberId))];
      const actorIds = [...new Set(uses.map((u) => u.actor.id))];
      for (const id of memberIds) members.set(id, null);
      for (const id of actorIds) actors.set(id, null);
      const select = 'SELECT member_id, surname_key, address_key, vip, workforce_actor_id FROM use_profiles';
      for (const r of await allIn<ProfileRow>(tx, `${select} WHERE member_id IN (%s)`, memberIds))
        members.set(r.member_id, toProfile(r));
      for (const r of await allIn<ProfileRow>(tx, `${select} WHERE workforce_actor_id IN (%s)`, actorIds))
        actors.set(r.workforce_actor_id!, toProfile(r));

      const useRows: SqlValue[][] = [];
      const findingRows: SqlValue[][] = [];
      const profiles = new Map<string, Profile>();
      // after-hours uses by actor and plan day: the distinct members, in log order
      const afterHours = new Map<string, AfterHoursGroup>();
      for (const e of relevant) {
        if (e.type === 'PrivacyProfileRecorded') {
          const d = e.data as PrivacyProfileRecorded;
          const memberId = e.stream.slice(MEMBER_STREAM_PREFIX.length);
          const previous = members.get(memberId);
          if (previous?.workforceActorId) actors.set(previous.workforceActorId, null);
          const profile: Profile = {
            memberId,
            surnameKey: d.surnameKey,
            addressKey: d.addressKey,
            vip: d.vip,
            workforceActorId: d.workforceActorId,
          };
          members.set(memberId, profile);
          if (profile.workforceActorId) actors.set(profile.workforceActorId, profile);
          profiles.set(memberId, profile);
          continue;
        }
        const use = e.data as PhiUsed;
        const at = utc(use.occurredAt);
        const day = planDate(at, policy.timeZone);
        const late = isAfterHours(at, policy);
        useRows.push([
          e.position,
          use.memberId,
          use.useId,
          at,
          day,
          use.actor.id,
          use.actor.name,
          use.actor.role,
          use.action,
          use.phiDescription,
          use.purposeOfUse,
          use.sourceSystem,
          use.context?.kind ?? null,
          use.context?.id ?? null,
          late ? 1 : 0,
        ]);
        for (const rule of useFindings(use, actors.get(use.actor.id) ?? null, members.get(use.memberId) ?? null))
          findingRows.push([
            `${rule}:${e.position}`,
            rule,
            e.position,
            use.memberId,
            use.actor.id,
            use.actor.name,
            day,
            at,
            1,
          ]);
        if (late) {
          const key = `${use.actor.id}\n${day}`;
          const group = afterHours.get(key) ?? { actorId: use.actor.id, actorName: use.actor.name, day, uses: [] };
          group.uses.push({ memberId: use.memberId, position: e.position, at });
          afterHours.set(key, group);
        }
      }
      if (useRows.length > 0) await insertMany(tx, 'use_events', USE_COLUMNS, useRows);
      for (const p of profiles.values()) {
        await tx.run('DELETE FROM use_profiles WHERE member_id = $1', [p.memberId]);
        await tx.run(
          'INSERT INTO use_profiles (member_id, surname_key, address_key, vip, workforce_actor_id) VALUES ($1, $2, $3, $4, $5)',
          [p.memberId, p.surnameKey, p.addressKey, p.vip ? 1 : 0, p.workforceActorId],
        );
      }
      const joined: SqlValue[][] = [];
      for (const group of afterHours.values()) findingRows.push(...(await bulkFinding(tx, group, joined)));
      if (joined.length > 0) await insertMany(tx, 'use_after_hours', AFTER_HOURS_COLUMNS, joined);
      if (findingRows.length > 0) await insertMany(tx, 'use_findings', FINDING_COLUMNS, findingRows);
    },
  };
}
