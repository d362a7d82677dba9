/** The access report's order, cursor, period and how actors are shown (access-report.ts). */
import { describe, expect, it } from '@jest/globals';
import type { AccessLogRow } from '../access-log/access-log.reader.js';
import {
  boundFor,
  cursorText,
  mergePage,
  parseCursor,
  readEntry,
  reportPeriod,
  useEntry,
  type AccessReportEntry,
} from './access-report.js';
import type { UseRow } from './uses.reader.js';

const entry = (at: string, kind: AccessReportEntry['kind'], position: number): AccessReportEntry => ({
  at,
  kind,
  actor: null,
  recipient: null,
  action: 'view',
  description: '',
  purposeOfUse: null,
  purpose: null,
  position,
});

const useRow: UseRow = {
  position: 7,
  useId: 'U1',
  memberId: 'M1',
  occurredAt: '2026-01-05T15:00:00.000Z',
  planDay: '2026-01-05',
  actor: { id: 'W-1', name: 'Pat Clerk', role: 'claims examiner' },
  action: 'view',
  description: 'Claim detail',
  purposeOfUse: 'HPAYMT',
  sourceSystem: null,
  context: null,
  afterHours: false,
};

describe('the period', () => {
  it('is the three years before today by default: from the day after today three years ago, through today', () => {
    expect(reportPeriod('2026-12-01')).toEqual({ from: '2023-12-02', to: '2026-12-01' });
  });
  it('from a leap day, three years back lands on February 28 and starts the day after', () => {
    expect(reportPeriod('2028-02-29')).toEqual({ from: '2025-03-01', to: '2028-02-29' });
  });
  it('takes a shorter period when asked', () => {
    expect(reportPeriod('2026-12-01', '2026-01-01', '2026-06-30')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  });
});

describe('the order and the cursor', () => {
  it('reads batched in one event: the latest of the batch first', () => {
    const t = '2026-01-05T15:00:00.000Z';
    const read = (seq: number) => ({ ...entry(t, 'read', 7), seq });
    const { entries, next } = mergePage([[read(0), read(2), read(1)]], 2);
    expect(entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(next).toEqual({ at: t, kind: 'read', position: 7, seq: 1 });
  });

  it('is newest first; at one instant disclosures, reads, uses; then the newest position', () => {
    const t = '2026-01-05T15:00:00.000Z';
    const { entries, next } = mergePage(
      [
        [entry(t, 'disclosure', 1)],
        [entry(t, 'read', 9)],
        [entry(t, 'use', 3), entry(t, 'use', 5), entry('2026-01-06T00:00:00.000Z', 'use', 2)],
      ],
      4,
    );
    expect(entries.map((e) => `${e.kind}:${e.position}`)).toEqual(['use:2', 'disclosure:1', 'read:9', 'use:5']);
    expect(next).toEqual({ at: t, kind: 'use', position: 5, seq: 0 });
  });

  it('a date-only disclosure comes after every instant of its day', () => {
    const { entries } = mergePage(
      [[entry('2026-01-05', 'disclosure', 1)], [entry('2026-01-05T00:00:00.000Z', 'use', 2)]],
      5,
    );
    expect(entries.map((e) => e.kind)).toEqual(['use', 'disclosure']);
  });

  it('tells each source where to start after a cursor', () => {
    const c = { at: '2026-01-05T15:00:00.000Z', kind: 'read' as const, position: 9, seq: 3 };
    expect(boundFor('read', c)).toEqual({ at: c.at, position: 9, seq: 3, sameAtIncluded: false });
    expect(boundFor('use', c)).toMatchObject({ at: c.at, sameAtIncluded: true }); // uses rank after reads
    expect(boundFor('disclosure', c)).toEqual({ at: c.at, position: -1, seq: 0, sameAtIncluded: false });
    expect(boundFor('use', null)).toBeNull();
  });

  it('reads back its own cursor, and refuses anything else', () => {
    const c = { at: '2026-01-05T15:00:00.000Z', kind: 'use' as const, position: 12, seq: 0 };
    expect(parseCursor(cursorText(c))).toEqual(c);
    for (const bad of [
      '',
      'x~use~1~0',
      '2026-01-05~bogus~1~0',
      '2026-01-05~use~-1~0',
      '2026-01-05~use~1',
      '2026-01-05~use~1~0~0',
    ])
      expect(parseCursor(bad)).toBeNull();
  });
});

describe('who is shown (LEDGER_POLICY_ACCESS_REPORT_ACTORS)', () => {
  it('names: the member sees the name and role, never the id', () => {
    expect(useEntry(useRow, 'names').actor).toEqual({ name: 'Pat Clerk', role: 'claims examiner' });
  });
  it('roles: the member sees only the role', () => {
    expect(useEntry(useRow, 'roles').actor).toEqual({ role: 'claims examiner' });
  });
  it('the office always sees id, name and role', () => {
    expect(useEntry(useRow, 'office').actor).toEqual({ id: 'W-1', name: 'Pat Clerk', role: 'claims examiner' });
  });
  it('a read through the ledger names the reader by account and roles, and what was read, never its content', () => {
    const read: AccessLogRow = {
      position: 3,
      seq: 0,
      readAt: '2026-01-05T15:00:00.000Z',
      memberId: 'M1',
      reader: { subject: 'po-1', clientId: null, roles: ['privacy-officer'] },
      route: '/v1/members/:memberId/accounting',
      format: 'pdf',
      resultCount: 4,
    };
    expect(readEntry(read, 'roles')).toMatchObject({
      actor: { role: 'privacy-officer' },
      action: 'read',
      description: 'accounting of disclosures (pdf)',
    });
  });
});
