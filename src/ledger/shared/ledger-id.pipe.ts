import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validationProblem } from '../../http/validation.js';
import { ID_PATTERN } from './validators.js';

/** Path ids follow the same rule as body ids: 1–128 characters of [A-Za-z0-9._:-]. */
@Injectable()
export class LedgerIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
    throw validationProblem([
      { path: metadata.data ?? 'id', message: 'must be 1 to 128 characters of A-Z a-z 0-9 . _ : -' },
    ]);
  }
}
