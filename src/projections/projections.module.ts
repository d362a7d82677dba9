import { Global, Module } from '@nestjs/common';
import { PROJECTIONS } from './projection.js';
import { allProjections } from './projection.registry.js';
import { ProjectionsService } from './projections.service.js';

@Global()
@Module({
  providers: [{ provide: PROJECTIONS, useValue: allProjections }, ProjectionsService],
  exports: [ProjectionsService],
})
export class ProjectionsModule {}
