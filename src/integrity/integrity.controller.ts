import { Controller, Get, Headers, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '../auth/auth.guard.js';
import { problem, ProblemError } from '../http/problem.js';
import { QueryBus } from '@nestjs/cqrs';
import { ProofUnavailableError } from './log/integrity.service.js';
import {
  AuditLedgerQuery,
  GetCheckpointQuery,
  GetConsistencyProofQuery,
  GetCurrentAuditQuery,
  GetInclusionProofQuery,
  GetPublicKeyQuery,
  StartAuditQuery,
} from './queries/integrity.queries.js';

const optionalSize = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw invalid(name, 'must be a positive whole number');
  return Number(value);
};

const optionalFlag = (value: string | undefined, name: string): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalid(name, 'must be true or false');
  return value === 'true';
};

function invalid(path: string, message: string): ProblemError {
  return new ProblemError(
    problem(400, 'VALIDATION_FAILED', 'Invalid request', `${path} ${message}`, { errors: [{ path, message }] }),
  );
}

async function orNotAvailable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ProofUnavailableError)
      throw new ProblemError(problem(404, 'PROOF_UNAVAILABLE', 'Proof not available', error.message));
    throw error;
  }
}

/** RFC 9162 proofs and C2SP checkpoints (api.md "Integrity"). Hashes are standard padded base64. */
@ApiTags('integrity')
@Controller('v1/integrity')
export class IntegrityController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get('checkpoint')
  @ApiOkResponse({ description: 'the latest signed checkpoint; text/plain gives the C2SP note itself' })
  async checkpoint(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const latest = await this.queries.execute(new GetCheckpointQuery());
    if (!latest)
      throw new ProblemError(problem(404, 'NO_CHECKPOINT', 'No checkpoint yet', 'the ledger holds no events yet'));
    if (accept?.includes('text/plain')) {
      void reply.header('Content-Type', 'text/plain; charset=utf-8');
      return latest.note;
    }
    return {
      origin: latest.keyName,
      size: latest.size,
      rootHash: latest.rootHash.toString('base64'),
      note: latest.note,
    };
  }

  @Public()
  @Get('public-key')
  publicKey() {
    return this.queries.execute(new GetPublicKeyQuery());
  }

  @Roles('auditor')
  @ApiBearerAuth()
  @Get('inclusion-proofs/:position')
  inclusion(@Param('position', ParseIntPipe) position: number, @Query('treeSize') treeSize?: string) {
    return orNotAvailable(
      this.queries.execute(new GetInclusionProofQuery(position, optionalSize(treeSize, 'treeSize'))),
    );
  }

  @Roles('auditor')
  @ApiBearerAuth()
  @Get('consistency-proofs')
  consistency(@Query('from') from?: string, @Query('to') to?: string) {
    const fromSize = optionalSize(from, 'from');
    const toSize = optionalSize(to, 'to');
    if (fromSize === undefined || toSize === undefined)
      throw invalid(fromSize === undefined ? 'from' : 'to', 'is required');
    return orNotAvailable(this.queries.execute(new GetConsistencyProofQuery(fromSize, toSize)));
  }

  /**
   * A full audit, run in a worker thread. By default the answer waits for the report (200); `wait=false` answers
   * 202 as soon as it has begun, and GET audits/current tells how it goes. `resume=true` continues the last audit
   * that did not finish. One runs at a time: asking while one runs joins it.
   */
  @Roles('auditor')
  @ApiBearerAuth()
  @Post('audits')
  async audit(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('wait') wait?: string,
    @Query('resume') resume?: string,
  ) {
    const resuming = optionalFlag(resume, 'resume') ?? false;
    if (optionalFlag(wait, 'wait') === false) {
      void reply.status(202).header('Location', '/v1/integrity/audits/current');
      return this.queries.execute(new StartAuditQuery(resuming));
    }
    void reply.status(200);
    return this.queries.execute(new AuditLedgerQuery(resuming));
  }

  @Roles('auditor')
  @ApiBearerAuth()
  @Get('audits/current')
  async currentAudit() {
    const current = await this.queries.execute(new GetCurrentAuditQuery());
    if (!current)
      throw new ProblemError(problem(404, 'NO_AUDIT', 'No audit yet', 'no integrity audit has been run yet'));
    return current;
  }
}
