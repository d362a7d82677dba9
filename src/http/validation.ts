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

/** Nest's ValidationPipe, with a compiled acceptance check in front for request bodies (compiled-validation.ts). */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepts = metadata.type === 'body' && metadata.metatype ? acceptsAsIs(metadata.metatype) : null;
    if (accepts?.(value)) return value;
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
  const value = plainToInstance(type, item);
  const errors = validateSync(value, { ...OPTIONS, validationError: { target: false, value: false } });
  return errors.length > 0 ? { errors: fieldErrors(errors) } : { value };
}
