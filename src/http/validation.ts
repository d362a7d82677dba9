/**
 * DTO validation (class-validator): whitelist, forbid unknown properties, and answer with problem+json
 * `VALIDATION_FAILED` listing every `{ path, message }`. Messages name the field, never echo its value.
 */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { acceptsAsIs } from './compiled-validation.js';
import { problem, ProblemError, type FieldError } from './problem.js';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemError {
  const detail =
    errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} fields are invalid`;
  return new ProblemError(problem(400, 'VALIDATION_FAILED', 'Invalid request', detail, { errors }));
}

/** Names of Object.prototype's members: class-transformer silently drops keys named so, instead of refusing them. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Fields named like Object.prototype members (`constructor`, `toString`, `__proto__`, …), at any depth: no DTO has
 * one, so each is an unknown field, refused like any other (class-transformer would drop it without a word).
 */
export function prototypeNamedFields(value: unknown, path = ''): FieldError[] {
  if (value === null || typeof value !== 'object') return [];
  const found: FieldError[] = [];
  for (const key of Object.keys(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && PROTOTYPE_NAMES.has(key)) found.push({ path: at, message: 'is not a known field' });
    else found.push(...prototypeNamedFields((value as Record<string, unknown>)[key], at));
  }
  return found;
}

/** Nest's ValidationPipe, with a compiled acceptance check in front for request bodies (compiled-validation.ts). */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepts = metadata.type === 'body' && metadata.metatype ? acceptsAsIs(metadata.metatype) : null;
    if (accepts?.(value)) return value;
    if (metadata.type === 'body' || metadata.type === 'query') {
      const unknownFields = prototypeNamedFields(value);
      if (unknownFields.length > 0) throw validationProblem(unknownFields);
    }
    return super.transform(value, metadata);
  }
}

export const ledgerValidationPipe = () =>
  new LedgerValidationPipe({
    ...OPTIONS,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
  });

/** Validates one item of a batch on its own, so that one bad item does not block the others. */
export function validateItem<T extends object>(
  type: ClassConstructor<T>,
  item: unknown,
): { value: T } | { errors: FieldError[] } {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return { errors: [{ path: '', message: 'must be a JSON object' }] };
  if (acceptsAsIs(type)?.(item)) return { value: item as T };
  const unknownFields = prototypeNamedFields(item);
  if (unknownFields.length > 0) return { errors: unknownFields };
  const value = plainToInstance(type, item);
  const errors = validateSync(value, { ...OPTIONS, validationError: { target: false, value: false } });
  return errors.length > 0 ? { errors: fieldErrors(errors) } : { value };
}
