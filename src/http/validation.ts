/**
 * DTO validation (class-validator): whitelist, forbid unknown properties, and answer with problem+json
 * `VALIDATION_FAILED` listing every `{ path, message }`. Messages name the field, never echo its value.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { problem, ProblemError, type FieldError } from './problem.js';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemError {
  const detail = errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} fields are invalid`;
  return new ProblemError(problem(400, 'VALIDATION_FAILED', 'Invalid request', detail, { errors }));
}

export const ledgerValidationPipe = () =>
  new ValidationPipe({
    ...OPTIONS,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
  });

/** Validates one item of a batch on its own, so that one bad item does not block the others. */
export function validateItem<T extends object>(type: ClassConstructor<T>, item: unknown): { value: T } | { errors: FieldError[] } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { errors: [{ path: '', message: 'must be a JSON object' }] };
  const value = plainToInstance(type, item);
  const errors = validateSync(value, { ...OPTIONS, validationError: { target: false, value: false } });
  return errors.length > 0 ? { errors: fieldErrors(errors) } : { value };
}
