/**
 * The StructureDefinition of our ledger extension, made from the same list the export and the import use
 * (events/fhir-interchange.ts), published as docs/fhir/StructureDefinition-ledger-disclosure.json (a spec holds the
 * published file equal to this and valid against the FHIR R4 schema; `npm run docs:fhir` rewrites it).
 */
import { LEDGER_EXTENSION, LEDGER_PARTS } from '../../events/fhir-interchange.js';

const VALUE_TYPE = { string: 'valueString', boolean: 'valueBoolean', code: 'valueCode' } as const;

export function ledgerExtensionDefinition() {
  const parts = LEDGER_PARTS.flatMap((p) => [
    {
      id: `Extension.extension:${p.name}`,
      path: 'Extension.extension',
      sliceName: p.name,
      short: p.definition.split(/[.(]/)[0].trim(),
      definition: p.definition,
      min: p.min,
      max: p.max,
    },
    { id: `Extension.extension:${p.name}.url`, path: 'Extension.extension.url', fixedUri: p.name },
    {
      id: `Extension.extension:${p.name}.value[x]`,
      path: 'Extension.extension.value[x]',
      min: 1,
      type: [{ code: p.type }],
      short: VALUE_TYPE[p.type],
    },
  ]);
  return {
    resourceType: 'StructureDefinition',
    id: 'ledger-disclosure',
    url: LEDGER_EXTENSION,
    version: '1.0.0',
    name: 'LedgerDisclosure',
    title: 'phi-ledger disclosure',
    status: 'active',
    publisher: 'phi-ledger',
    description:
      'What an IHE BALP PrivacyDisclosure AuditEvent has no element for: the legal basis of a disclosure under 45 CFR ' +
      '164 and whether it was permitted, how the HIPAA accounting of disclosures (164.528) lists it or why it leaves ' +
      'it out, and the ledger fields a round trip needs.',
    fhirVersion: '4.0.1',
    kind: 'complex-type',
    abstract: false,
    context: [{ type: 'element', expression: 'AuditEvent' }],
    type: 'Extension',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
    derivation: 'constraint',
    differential: {
      element: [
        { id: 'Extension', path: 'Extension', short: 'phi-ledger disclosure', min: 0, max: '1' },
        {
          id: 'Extension.extension',
          path: 'Extension.extension',
          slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'closed' },
        },
        ...parts,
        { id: 'Extension.url', path: 'Extension.url', fixedUri: LEDGER_EXTENSION },
        { id: 'Extension.value[x]', path: 'Extension.value[x]', max: '0' },
      ],
    },
  };
}
