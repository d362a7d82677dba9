/**
 * A FHIR R4 AuditEvent (IHE BALP PrivacyDisclosure, Source or Recipient) as the body of POST /v1/disclosures. Pure:
 * the mapped body is then validated and recorded exactly as the native command is, so the rules, ids and idempotency
 * are the same. What cannot be mapped is named by its FHIR element (`agent[recipient].who.display`), never echoed.
 *
 * Read from our ledger extension when present (an export of ours); otherwise from the standard elements:
 * the disclosure id is `AuditEvent.id`, `madeBy` the source agent, the time `period` (else `recorded`), the channel
 * `other`. A legal basis has no FHIR element (regulation.md §2.6): without our extension it cannot be mapped.
 */
import {
  ACT_REASON,
  DCM_DESTINATION,
  DCM_EXPORT,
  DCM_IMPORT,
  DCM_SOURCE,
  LEDGER_EXTENSION,
  ROLE_PATIENT,
} from '../../events/fhir-interchange.js';

export interface UnmappedElement {
  element: string;
  message: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const codes = (concept: unknown): string[] =>
  isObject(concept)
    ? [...(text(concept.code) ? [concept.code as string] : []), ...list(concept.coding).map((c) => String(c.code))]
    : [];

/** The sub-extensions of our ledger extension, by name (a repeated one, `flag`, keeps its last). */
function ledgerParts(resource: Json): Map<string, unknown> | null {
  const ext = list(resource.extension).find((e) => e.url === LEDGER_EXTENSION);
  if (!ext) return null;
  return new Map(
    list(ext.extension).map((p) => {
      const key = Object.keys(p).find((k) => k.startsWith('value'));
      return [String(p.url), key ? p[key] : undefined];
    }),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function disclosureFromAuditEvent(
  resource: unknown,
): { body: Json; unmapped?: undefined } | { unmapped: UnmappedElement[] } {
  if (!isObject(resource) || resource.resourceType !== 'AuditEvent')
    return { unmapped: [{ element: 'resourceType', message: 'must be AuditEvent' }] };
  const missing: UnmappedElement[] = [];
  const need = <T>(value: T | undefined, element: string, message: string): T | undefined => {
    if (value === undefined) missing.push({ element, message });
    return value;
  };

  const type = codes(resource.type);
  if (!type.includes(DCM_EXPORT) && !type.includes(DCM_IMPORT))
    missing.push({ element: 'type', message: `must be DICOM ${DCM_EXPORT} Export or ${DCM_IMPORT} Import` });
  if (!list(resource.subtype).some((c) => c.code === 'disclose'))
    missing.push({ element: 'subtype', message: 'must include iso-21089-lifecycle disclose' });

  const ext = ledgerParts(resource);
  const agents = list(resource.agent);
  const agent = (code: string) => agents.find((a) => codes(a.type).includes(code));
  const source = agent(DCM_SOURCE);
  const recipient = need(agent(DCM_DESTINATION), 'agent[recipient]', `a recipient agent (DICOM ${DCM_DESTINATION})`);
  const who = isObject(recipient?.who) ? recipient.who : {};
  const recipientName = recipient
    ? need(text(who.display), 'agent[recipient].who.display', 'the recipient must be named')
    : undefined;

  const entities = list(resource.entity);
  const patient = entities.find((e) => codes(e.role).includes(ROLE_PATIENT));
  const what = isObject(patient?.what) ? patient.what : {};
  const byReference = text(what.reference)?.match(/^Patient\/(.+)$/)?.[1];
  const memberId = need(
    text(isObject(what.identifier) ? what.identifier.value : undefined) ?? byReference,
    'entity[patient].what',
    'the patient entity (object-role 1) must identify the member (identifier.value or Patient/{id})',
  );
  const data = entities.find((e) => e !== patient);
  const phiDescription = need(
    text(data?.description),
    'entity[data].description',
    'a data entity must describe what was disclosed',
  );

  const purpose = list(resource.purposeOfEvent)[0];
  const purposeCode = list(purpose?.coding).find((c) => c.system === ACT_REASON || c.system === undefined);
  const purposeText = need(
    text(purpose?.text) ?? text(purposeCode?.display),
    'purposeOfEvent.text',
    'the purpose of the disclosure must be stated in words',
  );

  const cfr = ext?.get('legalBasis');
  const permitted = ext?.get('permitted');
  if (typeof permitted !== 'boolean')
    missing.push({
      element: `extension[${LEDGER_EXTENSION}].permitted`,
      message: 'a legal basis has no FHIR element: give legalBasis and permitted in the ledger extension',
    });
  const disclosureId = need(
    text(ext?.get('disclosureId')) ?? text(resource.id),
    'id',
    'the disclosure needs an id (AuditEvent.id or the ledger extension disclosureId)',
  );

  const period = isObject(resource.period) ? resource.period : {};
  const start = text(period.start) ?? text(resource.recorded);
  const when = need(start, 'period.start', 'when the disclosure happened (period.start, else recorded)');
  if (missing.length > 0) return { unmapped: missing };

  const occurred = DATE.test(when!)
    ? { occurredPeriod: { from: when, to: text(period.end) ?? when } }
    : { occurredAt: when };
  const madeBy = ext
    ? (text(ext.get('madeBy')) ?? null)
    : (text(isObject(source?.who) ? source.who.display : undefined) ?? null);
  const labels = list(isObject(resource.meta) ? resource.meta.security : undefined);
  return {
    body: {
      disclosureId,
      memberId,
      ...occurred,
      recipient: {
        name: recipientName,
        address: text(ext?.get('recipientAddress')) ?? null,
        id: text(isObject(who.identifier) ? who.identifier.value : undefined) ?? null,
      },
      channel: text(ext?.get('channel')) ?? 'other',
      madeBy,
      phiDescription,
      purpose: purposeText,
      purposeOfUse: text(purposeCode?.code) ?? null,
      legalBasis: { cfr: text(cfr) ?? null, permitted },
      writtenRequestRef: text(ext?.get('writtenRequestRef')) ?? null,
      researchProtocolId: text(ext?.get('researchProtocolId')) ?? null,
      sensitivity: {
        part2: labels.some((l) => l.code === '42CFRPart2'),
        minorConsented: ext?.get('minorConsented') === true,
      },
    },
  };
}

/** Where a field of the mapped body came from, to name the FHIR element when the body is refused. */
export const ELEMENT_OF: Record<string, string> = {
  disclosureId: 'id',
  memberId: 'entity[patient].what',
  occurredAt: 'period.start',
  occurredPeriod: 'period',
  'recipient.name': 'agent[recipient].who.display',
  'recipient.address': `extension[${LEDGER_EXTENSION}].recipientAddress`,
  'recipient.id': 'agent[recipient].who.identifier.value',
  channel: `extension[${LEDGER_EXTENSION}].channel`,
  madeBy: 'agent[source].who.display',
  phiDescription: 'entity[data].description',
  purpose: 'purposeOfEvent.text',
  purposeOfUse: 'purposeOfEvent.coding.code',
  'legalBasis.cfr': `extension[${LEDGER_EXTENSION}].legalBasis`,
  'legalBasis.permitted': `extension[${LEDGER_EXTENSION}].permitted`,
  writtenRequestRef: `extension[${LEDGER_EXTENSION}].writtenRequestRef`,
  researchProtocolId: `extension[${LEDGER_EXTENSION}].researchProtocolId`,
};

export const elementOf = (path: string) =>
  ELEMENT_OF[path] ?? ELEMENT_OF[path.split('.')[0]] ?? ELEMENT_OF[path.replace(/\.(from|to)$/, '')] ?? path;
