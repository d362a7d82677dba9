import { Query } from '@nestjs/cqrs';
import type { Accounting } from '../engine/engine-types.js';
import type { AccountingOptions } from './accounting-generator.js';

/** The accounting the privacy office provides for a request (no role scoping: the request names its requester). */
export class GenerateAccountingQuery extends Query<Accounting> {
  constructor(
    readonly memberId: string,
    readonly options: AccountingOptions,
  ) {
    super();
  }
}
