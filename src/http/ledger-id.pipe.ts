import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ID_RULE, isLedgerId } from '../events/ids.js';
import { validationProblem } from './validation.js';

/** Path ids follow the same rule as body ids (events/ids.ts). */
@Injectable()
export class LedgerIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isLedgerId(value)) return value;
    throw validationProblem([{ path: metadata.data ?? 'id', message: ID_RULE }]);
  }
}
