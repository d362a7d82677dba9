/**
 * format=fhir: the accounting as a FHIR R4 Bundle of AuditEvent resources following IHE BALP PrivacyDisclosure
 * (regulation.md §2.2, §2.7): one AuditEvent per disclosure (BALP: one patient per entry), type DCM 110106 Export,
 * subtype iso-21089 disclose, the source and recipient agents, the patient and data entities, purposeOfEvent from
 * HL7 v3 PurposeOfUse (ActReason), and what FHIR has no element for (our legal basis, how the accounting listed it or
 * why it left it out, flags) in one extension (events/fhir-interchange.ts). ledger/fhir-import/ reads it back.
 */
import { createHash } from 'node:crypto';
import {
  ACT_REASON,
  BALP_SOURCE_PROFILE,
  DCM,
  DCM_DESTINATION,
  DCM_EXPORT,
  DCM_SOURCE,
  ENTITY_TYPE,
  LEDGER_EXTENSION,
  LIFECYCLE,
  MEMBER_ID_SYSTEM,
  OBJECT_ROLE,
  ROLE_PATIENT,
  ROLE_REPORT,
} from '../../events/fhir-interchange.js';
import type { Accounting, DisclosureRow, TraceCode } from '../engine/engine-types.js';

type Json = Record<string, unknown>;

/** A FHIR id ([A-Za-z0-9-.]{1,64}) and a urn:uuid, both derived from the disclosure: the same on every export. */
function idsOf(memberId: string, disclosureId: string) {
  const h = createHash('sha256').update(`${memberId}\n${disclosureId}`).digest('hex');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { id: `disclosure-${h.slice(0, 40)}`, fullUrl: `urn:uuid:${uuid}` };
}

const sub = (url: string, value: Json) => ({ url, ...value });

/** How the accounting treats the disclosure: listed as an entry of a type, or left out with a trace code. */
export type Listing = { entryType: 'disclosure' | 'summary' | 'research' } | { traceCode: TraceCode };

function ledgerExtension(d: DisclosureRow, listing: Listing): Json {
  const parts: Json[] = [sub('disclosureId', { valueString: d.disclosureId })];
  if (d.cfr) parts.push(sub('legalBasis', { valueString: d.cfr }));
  parts.push(sub('permitted', { valueBoolean: d.permitted }));
  parts.push(sub('channel', { valueCode: d.channel }));
  if (d.madeBy) parts.push(sub('madeBy', { valueString: d.madeBy })); // the source agent names the plan when null
  if (d.recipient.address) parts.push(sub('recipientAddress', { valueString: d.recipient.address }));
  if (d.writtenRequestRef) parts.push(sub('writtenRequestRef', { valueString: d.writtenRequestRef }));
  if (d.researchProtocolId) parts.push(sub('researchProtocolId', { valueString: d.researchProtocolId }));
  if (d.minorConsented) parts.push(sub('minorConsented', { valueBoolean: true }));
  if ('entryType' in listing) parts.push(sub('entryType', { valueCode: listing.entryType }));
  else parts.push(sub('traceCode', { valueCode: listing.traceCode }));
  if (!d.permitted) parts.push(sub('flag', { valueCode: 'impermissible' })); // 164.402: assess as a breach
  if (d.voided) parts.push(sub('flag', { valueCode: 'voided' }));
  return { url: LEDGER_EXTENSION, extension: parts };
}

export function auditEventOf(d: DisclosureRow, listing: Listing, plan: string): Json {
  const { id } = idsOf(d.memberId, d.disclosureId);
  const period = d.occurredPeriod
    ? { start: d.occurredPeriod.from, end: d.occurredPeriod.to }
    : { start: d.occurredAt!, end: d.occurredAt! };
  return {
    resourceType: 'AuditEvent',
    id,
    meta: { profile: [BALP_SOURCE_PROFILE] },
    extension: [ledgerExtension(d, listing)],
    type: { system: DCM, code: DCM_EXPORT, display: 'Export' },
    subtype: [{ system: LIFECYCLE, code: 'disclose' }],
    action: 'R',
    period,
    recorded: d.recordedAt,
    outcome: '0',
    purposeOfEvent: [
      {
        ...(d.purposeOfUse ? { coding: [{ system: ACT_REASON, code: d.purposeOfUse }] } : {}),
        text: d.purpose,
      },
    ],
    agent: [
      {
        type: { coding: [{ system: DCM, code: DCM_SOURCE, display: 'Source Role ID' }] },
        who: { display: d.madeBy ?? plan },
        requestor: false,
      },
      {
        type: { coding: [{ system: DCM, code: DCM_DESTINATION, display: 'Destination Role ID' }] },
        who: {
          ...(d.recipient.id ? { identifier: { value: d.recipient.id } } : {}),
          display: d.recipient.name,
        },
        requestor: false,
      },
    ],
    source: {
      observer: { display: plan },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
    },
    entity: [
      {
        what: { identifier: { system: MEMBER_ID_SYSTEM, value: d.memberId } },
        type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
        role: { system: OBJECT_ROLE, code: ROLE_PATIENT, display: 'Patient' },
      },
      {
        type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
        role: { system: OBJECT_ROLE, code: ROLE_REPORT, display: 'Report' },
        description: d.phiDescription,
      },
    ],
  };
}

/**
 * The Bundle: every disclosure the accounting lists, and for the office with `includeTrace` also each one left out
 * (with its trace code). `plan` names the observer and, when no business associate made it, the discloser.
 */
export function accountingBundle(a: Accounting, rows: Map<string, DisclosureRow>, plan: string, withTrace: boolean) {
  const listed: [string, Listing][] = a.entries.flatMap((e) =>
    e.disclosureIds.map((id): [string, Listing] => [id, { entryType: e.type }]),
  );
  const left: [string, Listing][] = withTrace ? a.trace.map((t) => [t.disclosureId, { traceCode: t.code }]) : [];
  const entry = [...listed, ...left]
    .filter(([id]) => rows.has(id))
    .map(([id, listing]) => {
      const d = rows.get(id)!;
      return { fullUrl: idsOf(d.memberId, d.disclosureId).fullUrl, resource: auditEventOf(d, listing, plan) };
    });
  return { resourceType: 'Bundle', type: 'collection', timestamp: a.asOf, entry };
}
