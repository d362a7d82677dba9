/**
 * A fast acceptance check compiled from a DTO's class-validator metadata.
 *
 * The DTO decorators stay the one definition of a valid request, and class-validator stays the one source of
 * error messages. What this adds: `acceptsAsIs(Dto)` turns the metadata class-validator would walk on every
 * request into one closure per class, which runs the very same constraint functions (the `validate` of every
 * decorator, the `ValidateIf`/`IsOptional` conditions, nested DTOs) on the parsed JSON directly, without
 * class-transformer's copy into instances, metadata look-ups and error objects (docs/benchmarks.md has the cost of
 * each). It only ever answers "valid, as is" or "not sure": on
 * "not sure" (any constraint fails, a key is not whitelisted, an unsupported feature) the caller runs
 * plainToInstance + validateSync exactly as before, which gives the errors. test/http/compiled-validation.spec.ts
 * checks, over generated and mutated bodies, that it never accepts what class-validator rejects.
 *
 * Why accepting the plain object is the same as accepting the instance: a class is compiled only when
 * plainToInstance would copy the body unchanged (no class-transformer metadata other than @Type on nested
 * DTOs, no field initialisers), so the validators see the same values and the handlers the same fields.
 */
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

export type AcceptCheck = (value: unknown) => boolean;

const passes = (valid: unknown) => Boolean(valid) && typeof (valid as Promise<unknown>).then !== 'function';

/**
 * Shortcuts that accept, without running the constraint, a value it surely accepts: MaxLength counts a surrogate
 * pair or a presentation sequence as one character (validator.js isLength, two regular expressions per call),
 * so a string no longer than the maximum in UTF-16 units always passes. Anything else runs the constraint.
 */
function surelyValid(m: ValidationMetadataLike): ((value: unknown) => boolean) | null {
  if (m.name === 'maxLength' && !m.each && typeof m.constraints[0] === 'number') {
    const max = m.constraints[0];
    return (value) => typeof value === 'string' && value.length <= max;
  }
  return null;
}
type Constructor = new () => object;
/** A class, as the metadata stores key it (a DTO class, a constraint class). */
type DtoClass = abstract new (...args: never[]) => unknown;

interface TransformerStorage {
  findTypeMetadata(
    target: DtoClass,
    propertyName: string,
  ): { typeFunction: () => unknown; options?: { discriminator?: unknown } } | undefined;
  getExposedMetadatas(target: DtoClass): unknown[];
  getExcludedMetadatas(target: DtoClass): unknown[];
  findTransformMetadatas(target: DtoClass, propertyName: string, transformationType: number): unknown[];
}
interface ValidationMetadataLike {
  type: string;
  propertyName: string;
  constraints: unknown[];
  constraintCls?: DtoClass;
  /** the decorator's name (`maxLength`, `isString`, …) */
  name?: string;
  each?: boolean;
  always?: boolean;
  groups?: string[];
  validateIf?: (object: object, value: unknown) => boolean;
}
interface ConstraintLike {
  instance: { validate(value: unknown, args: object): unknown };
  async: boolean;
}
interface ValidatorStorage {
  getTargetValidationMetadatas(
    target: DtoClass,
    schema: string,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): ValidationMetadataLike[];
  getTargetValidatorConstraints(target: DtoClass): ConstraintLike[];
}

const transformer = defaultMetadataStorage as TransformerStorage;
const PLAIN_TO_CLASS = 0; // class-transformer TransformationType.PLAIN_TO_CLASS
const compiled = new Map<DtoClass, AcceptCheck | null>();

/** The compiled check for a DTO class, or null when the class uses something this does not compile. */
export function acceptsAsIs(type: DtoClass): AcceptCheck | null {
  if (!compiled.has(type)) compiled.set(type, compile(type as Constructor, new Set()));
  return compiled.get(type)!;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function compile(type: Constructor, compiling: Set<DtoClass>): AcceptCheck | null {
  if (compiling.has(type)) return null; // recursive DTOs: left to class-validator
  compiling.add(type);
  try {
    return compileClass(type, compiling);
  } finally {
    compiling.delete(type);
  }
}

function compileClass(type: Constructor, compiling: Set<DtoClass>): AcceptCheck | null {
  const storage = getMetadataStorage() as unknown as ValidatorStorage;
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false, undefined);
  // forbidUnknownValues: a class without metadata is an error; class-transformer features change the values
  if (metadatas.length === 0 || Object.keys(new type()).length > 0) return null;
  if (transformer.getExposedMetadatas(type).length > 0 || transformer.getExcludedMetadatas(type).length > 0)
    return null;
  if (metadatas.some((m) => m.always || (m.groups && m.groups.length > 0))) return null;

  const byProperty = new Map<string, ValidationMetadataLike[]>();
  for (const m of metadatas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);

  const properties: PropertyCheck[] = [];
  for (const [name, list] of byProperty) {
    if (transformer.findTransformMetadatas(type, name, PLAIN_TO_CLASS).length > 0) return null;
    const property = compileProperty(type, name, list, storage, compiling);
    if (!property) return null;
    properties.push(property);
  }
  const allowed = new Set(byProperty.keys());
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key of Object.keys(value)) if (!allowed.has(key)) return false; // whitelist, forbidNonWhitelisted
    for (const property of properties) if (!property(value)) return false;
    return true;
  };
}

type PropertyCheck = (object: Record<string, unknown>) => boolean;

function compileProperty(
  type: Constructor,
  name: string,
  list: ValidationMetadataLike[],
  storage: ValidatorStorage,
  compiling: Set<DtoClass>,
): PropertyCheck | null {
  const conditions: ((object: object, value: unknown) => boolean)[] = [];
  const checks: ((object: object, value: unknown) => boolean)[] = [];
  for (const m of list) {
    switch (m.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION: // IsOptional, ValidateIf
        conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.IS_DEFINED:
        checks.push((_, value) => value !== undefined && value !== null);
        break;
      case ValidationTypes.WHITELIST: // @Allow: whitelisted, nothing to check
        break;
      case ValidationTypes.CUSTOM_VALIDATION: {
        if (!m.constraintCls) return null;
        const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
        if (constraints.length === 0 || constraints.some((c) => c.async)) return null;
        const { each, validateIf } = m;
        // one arguments object per check, refilled per call (constraints are synchronous and keep nothing)
        const args = {
          targetName: type.name,
          property: name,
          object: {} as object,
          value: undefined as unknown,
          constraints: m.constraints,
        };
        const surely = surelyValid(m);
        checks.push((object, value) => {
          if (validateIf && !validateIf(object, value)) return true;
          if (value instanceof Set || value instanceof Map) return false;
          if (surely?.(value)) return true;
          args.object = object;
          args.value = value;
          // `each`: every element of an array must pass (class-validator's rule for arrays)
          const many = each && Array.isArray(value);
          for (const c of constraints) {
            if (!many) {
              if (!passes(c.instance.validate(value, args))) return false;
              continue;
            }
            for (const subject of value as unknown[]) if (!passes(c.instance.validate(subject, args))) return false;
          }
          return true;
        });
        break;
      }
      case ValidationTypes.NESTED_VALIDATION: {
        const typeMetadata = transformer.findTypeMetadata(type, name);
        if (!typeMetadata || typeMetadata.options?.discriminator) return null;
        const nestedType = typeMetadata.typeFunction();
        if (typeof nestedType !== 'function') return null;
        const nested = compile(nestedType as Constructor, compiling);
        if (!nested) return null;
        // class-validator skips an undefined nested value; anything but a plain object is left to it
        checks.push((_, value) => value === undefined || (isPlainObject(value) && nested(value)));
        break;
      }
      default: // promise validation and anything newer
        return null;
    }
  }
  return (object) => {
    const value = object[name];
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const check of checks) if (!check(object, value)) return false;
    return true;
  };
}
