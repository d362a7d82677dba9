import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard.js';
import { RequestsService } from '../accounting/requests/requests.service.js';
import { RequestSearchQueryDto } from '../accounting/requests/request.request.dto.js';
import type { DisclosureRow } from '../accounting/engine/engine-types.js';
import { DISCLOSURES_WITH_DATA } from '../accounting/projection/accounting-schema.js';
import { READ_MODEL_DB, type ReadModelDb, type SqlValue } from '../projections/read-model-db.js';
import { BreachSearchDto, DisclosureSearchDto } from './audit.query.dto.js';

/** Auditors' queries over the read models (api.md "Auditor"). */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'privacy-officer')
@Controller('v1/audit')
export class AuditController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly requests: RequestsService,
  ) {}

  /** Every recorded disclosure, filtered, newest first, with keyset (cursor) pagination. */
  @Get('disclosures')
  async disclosures(@Query() q: DisclosureSearchDto) {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: (n: string) => string, value: SqlValue) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (q.memberId) add((n) => `d.member_id = ${n}`, q.memberId);
    if (q.recipient)
      add((n) => `lower(d.recipient_name) LIKE ${n}`, `%${q.recipient.toLowerCase().replace(/[%_]/g, '')}%`);
    if (q.channel) add((n) => `d.channel = ${n}`, q.channel);
    if (q.cfr) add((n) => `(d.cfr = ${n} OR d.cfr LIKE ${n} || '(%')`, q.cfr);
    if (q.permitted) add((n) => `d.permitted = ${n}`, q.permitted === 'true' ? 1 : 0);
    if (q.from) add((n) => `d.first_date >= ${n}`, q.from);
    if (q.to) add((n) => `d.first_date <= ${n}`, q.to);
    if (q.cursor) add((n) => `d.position < ${n}`, Number(q.cursor));
    const limit = Number(q.limit ?? 100);
    const rows = await this.db.all<{ position: string | number; accountable: number | boolean; data: string }>(
      `SELECT d.position, d.accountable, r.data FROM ${DISCLOSURES_WITH_DATA} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.position DESC LIMIT ${limit + 1}`,
      params,
    );
    const page = rows
      .slice(0, limit)
      .map((r) => ({ ...(JSON.parse(r.data) as DisclosureRow), accountable: Boolean(Number(r.accountable)) }));
    return { disclosures: page, nextCursor: rows.length > limit ? String(page[page.length - 1].position) : null };
  }

  /** Impermissible disclosures awaiting a breach assessment (164.402). */
  @Get('breach-assessments')
  async breaches(@Query() _q: BreachSearchDto) {
    const rows = await this.db.all<{
      disclosure_id: string;
      member_id: string;
      position: string | number;
      recorded_at: string;
      status: string;
      reasons: string;
    }>(
      `SELECT disclosure_id, member_id, position, recorded_at, status, reasons FROM acc_breach_assessments WHERE status = 'open' ORDER BY position`,
    );
    return {
      assessments: rows.map((r) => ({
        disclosureId: r.disclosure_id,
        memberId: r.member_id,
        position: Number(r.position),
        flaggedAt: r.recorded_at,
        status: r.status,
        reasons: JSON.parse(r.reasons) as string[],
      })),
    };
  }

  /** Accounting requests with their status at asOf (e.g. status=overdue). */
  @Get('accounting-requests')
  accountingRequests(@Query() q: RequestSearchQueryDto) {
    return this.requests.search(q);
  }
}
