import { Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '../auth/auth.guard.js';
import { problem, ProblemError } from '../http/problem.js';
import { IntegrityService, ProofUnavailableError } from './log/integrity.service.js';

const optionalSize = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw invalid(name, 'must be a positive whole number');
  return Number(value);
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
  constructor(private readonly integrity: IntegrityService) {}

  @Public()
  @Get('checkpoint')
  @ApiOkResponse({ description: 'the latest signed checkpoint; text/plain gives the C2SP note itself' })
  async checkpoint(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const latest = (await this.integrity.latest()) ?? (await this.integrity.issueNow());
    if (!latest)
      throw new ProblemError(problem(404, 'NO_CHECKPOINT', 'No checkpoint yet', 'the ledger holds no events yet'));
    if (accept?.includes('text/plain')) {
      void reply.header('Content-Type', 'text/plain; charset=utf-8');
      return latest.note;
    }
    return {
      origin: this.integrity.keyName,
      size: latest.size,
      rootHash: latest.rootHash.toString('base64'),
      note: latest.note,
    };
  }

  @Public()
  @Get('public-key')
  publicKey() {
    return { keyName: this.integrity.keyName, verifierKey: this.integrity.verifierKey };
  }

  @Roles('auditor', 'privacy-officer')
  @ApiBearerAuth()
  @Get('inclusion-proofs/:position')
  inclusion(@Param('position', ParseIntPipe) position: number, @Query('treeSize') treeSize?: string) {
    return orNotAvailable(this.integrity.inclusionProof(position, optionalSize(treeSize, 'treeSize')));
  }

  @Roles('auditor', 'privacy-officer')
  @ApiBearerAuth()
  @Get('consistency-proofs')
  consistency(@Query('from') from?: string, @Query('to') to?: string) {
    const fromSize = optionalSize(from, 'from');
    const toSize = optionalSize(to, 'to');
    if (fromSize === undefined || toSize === undefined)
      throw invalid(fromSize === undefined ? 'from' : 'to', 'is required');
    return orNotAvailable(this.integrity.consistencyProof(fromSize, toSize));
  }

  @Roles('auditor')
  @ApiBearerAuth()
  @Post('audits')
  @HttpCode(200)
  async audit() {
    const report = await this.integrity.audit();
    return {
      verified: report.verified,
      checkedEvents: report.checkedEvents,
      firstMismatchAt: report.firstMismatchAt,
      checkpointsChecked: report.checkpointsChecked,
      reason: report.reason,
    };
  }
}
