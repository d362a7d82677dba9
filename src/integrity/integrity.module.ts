import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller.js';
import { IntegrityService } from './log/integrity.service.js';
import { INTEGRITY_QUERY_HANDLERS } from './queries/integrity-query.handlers.js';

@Module({
  controllers: [IntegrityController],
  providers: [IntegrityService, ...INTEGRITY_QUERY_HANDLERS],
  exports: [IntegrityService],
})
export class IntegrityModule {}
