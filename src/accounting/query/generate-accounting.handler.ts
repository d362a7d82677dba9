import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Accounting } from '../engine/engine-types.js';
import { AccountingGenerator } from './accounting-generator.js';
import { GenerateAccountingQuery } from './generate-accounting.query.js';

@QueryHandler(GenerateAccountingQuery)
export class GenerateAccountingHandler implements IQueryHandler<GenerateAccountingQuery> {
  constructor(private readonly accounting: AccountingGenerator) {}

  execute({ memberId, options }: GenerateAccountingQuery): Promise<Accounting> {
    return this.accounting.generate(memberId, options);
  }
}
