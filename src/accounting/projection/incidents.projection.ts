/**
 * The incidents read model: one summary row per incident (its folded stream, without the disclosure list) and one row
 * per disclosure grouped into it, for the views and the HHS log (incidents.reader.ts). Only `assessment-` streams.
 */
import { INCIDENT_STREAM_PREFIX, type IncidentEventType } from '../../events/incident.events.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../projections/projection.js';
import type { SqlTx } from '../../projections/read-model-db.js';
import { insertMany } from '../../projections/sql.js';
import { emptySummary, evolveSummary, type IncidentSummary } from '../incidents/incident-state.js';

export const INCIDENTS_PROJECTION = 'incidents';

export const incidentsProjection: Projection = {
  name: INCIDENTS_PROJECTION,
  schema: [
    `CREATE TABLE IF NOT EXISTS inc_incidents (
       incident_id TEXT PRIMARY KEY, position BIGINT NOT NULL, opened_at TEXT NOT NULL, summary TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS inc_disclosures (
       incident_id TEXT NOT NULL, disclosure_id TEXT NOT NULL, member_id TEXT NOT NULL, position BIGINT NOT NULL,
       PRIMARY KEY (incident_id, disclosure_id))`,
  ],
  queryIndexes: ['CREATE INDEX IF NOT EXISTS inc_disclosures_disclosure ON inc_disclosures (disclosure_id)'],
  tables: ['inc_incidents', 'inc_disclosures'],

  async apply(tx: SqlTx, events: StoredEvent[]): Promise<void> {
    const touched = new Map<string, { summary: IncidentSummary; position: bigint; openedAt: string }>();
    for (const e of events) {
      if (!e.stream.startsWith(INCIDENT_STREAM_PREFIX)) continue;
      const id = e.stream.slice(INCIDENT_STREAM_PREFIX.length);
      let row = touched.get(id);
      if (!row) {
        const [stored] = await tx.all<{ summary: string; opened_at: string }>(
          'SELECT summary, opened_at FROM inc_incidents WHERE incident_id = $1',
          [id],
        );
        row = stored
          ? { summary: JSON.parse(stored.summary) as IncidentSummary, position: e.position, openedAt: stored.opened_at }
          : { summary: emptySummary(), position: e.position, openedAt: e.recordedAt };
        touched.set(id, row);
      }
      row.summary = evolveSummary(row.summary, e.type as IncidentEventType, e.data);
      row.position = e.position;
      if (e.type === 'DisclosuresGrouped') {
        const { disclosures } = e.data as { disclosures: { disclosureId: string; memberId: string }[] };
        await insertMany(
          tx,
          'inc_disclosures',
          ['incident_id', 'disclosure_id', 'member_id', 'position'],
          disclosures.map((d) => [id, d.disclosureId, d.memberId, e.position]),
          'ON CONFLICT DO NOTHING',
        );
      }
    }
    for (const [id, row] of touched) {
      await tx.run(
        `INSERT INTO inc_incidents (incident_id, position, opened_at, summary) VALUES ($1, $2, $3, $4)
         ON CONFLICT (incident_id) DO UPDATE SET position = excluded.position, summary = excluded.summary`,
        [id, row.position, row.openedAt, JSON.stringify(row.summary)],
      );
    }
  },
};
