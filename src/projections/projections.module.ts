import { Global, Module } from '@nestjs/common';
import { ProjectionsService } from './projections.service.js';

/**
 * Runs the projections in the background (ProjectionsService). The composition root provides which projections
 * (PROJECTIONS) and the worker thread's file (PROJECTION_WORKER).
 */
@Global()
@Module({ providers: [ProjectionsService], exports: [ProjectionsService] })
export class ProjectionsModule {}
