import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller.js';
import { IntegrityService } from './log/integrity.service.js';

@Module({ controllers: [IntegrityController], providers: [IntegrityService], exports: [IntegrityService] })
export class IntegrityModule {}
