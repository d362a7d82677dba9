import { Global, Module } from '@nestjs/common';
import { CONFIG, type LedgerConfig } from '../config/config.js';
import { PROJECTIONS } from './projection.js';
import { buildProjections } from './projection.registry.js';
import { ProjectionsService } from './projections.service.js';

@Global()
@Module({
  providers: [
    { provide: PROJECTIONS, useFactory: (config: LedgerConfig) => buildProjections(config), inject: [CONFIG] },
    ProjectionsService,
  ],
  exports: [ProjectionsService, PROJECTIONS],
})
export class ProjectionsModule {}
