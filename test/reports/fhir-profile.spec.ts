/** The published StructureDefinition of our extension: current with the code, a valid FHIR resource, complete. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ledgerExtensionDefinition } from '../../src/accounting/reports/fhir-profile.js';
import { LEDGER_PARTS } from '../../src/events/fhir-interchange.js';
import { fhirErrors } from '../support/fhir-schema.js';

const published = JSON.parse(readFileSync('docs/fhir/StructureDefinition-ledger-disclosure.json', 'utf8')) as unknown;

describe('docs/fhir/StructureDefinition-ledger-disclosure.json', () => {
  it('is what the code exports and imports (npm run docs:fhir rewrites it)', () => {
    expect(published).toEqual(ledgerExtensionDefinition());
  });

  it('is valid against the FHIR R4 JSON schema', () => {
    expect(fhirErrors(published)).toEqual([]);
  });

  it('defines a slice, a fixed url and one value type for every part', () => {
    const ids = ledgerExtensionDefinition().differential.element.map((e) => e.id);
    for (const p of LEDGER_PARTS)
      expect(ids).toEqual(
        expect.arrayContaining([
          `Extension.extension:${p.name}`,
          `Extension.extension:${p.name}.url`,
          `Extension.extension:${p.name}.value[x]`,
        ]),
      );
  });
});
