/**
 * `phi-ledger export accounting`, `access-report` and `disclosures` against a running service: the file holds
 * the document the HTTP route gives, progress goes to stderr, and a refused export leaves no file behind.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { pdfText } from '../support/pdf.js';
import { startServer, type RunningServer } from '../support/server.js';
import { OFFICE_ENV, recordReportMember, REPORT_DISCLOSURES, REPORT_MEMBER } from './report-fixture.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-export-'));
const out = mkdtempSync(join(tmpdir(), 'phi-ledger-export-out-'));
let server: RunningServer;
let office: string;

beforeAll(async () => {
  server = await startServer({ ...OFFICE_ENV, LEDGER_DATA_DIR: dir, LEDGER_STORE: 'sqlite', DATABASE_URL: '' });
  office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
  await recordReportMember(server.base, await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] }));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  run(process.execPath, ['dist/cli/main.js', 'export', ...args, '--url', server.base], {
    env: { ...process.env, PHI_LEDGER_TOKEN: office },
  });

describe('phi-ledger export', () => {
  it('accounting --format pdf writes the member’s PDF and says its size and SHA-256', async () => {
    const file = join(out, 'a.pdf');
    const { stdout, stderr } = await cli('accounting', '--member', REPORT_MEMBER, '--format', 'pdf', '--out', file);
    expect(stdout).toMatch(new RegExp(`^${file}: \\d+ bytes, sha256 [0-9a-f]{64}\\n$`));
    expect(stderr).toMatch(/accounting: \d+ bytes, done/);
    expect(pdfText(readFileSync(file))).toContain('State Cancer Registry');
  });

  it('accounting --format csv in Spanish is the same document the route gives', async () => {
    const file = join(out, 'a.csv');
    await cli('accounting', '--member', REPORT_MEMBER, '--format', 'csv', '--lang', 'es', '--out', file);
    const direct = await fetch(`${server.base}/v1/members/${REPORT_MEMBER}/accounting?format=csv&lang=es`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(readFileSync(file, 'utf8')).toBe(await direct.text());
  });

  it('disclosures writes NDJSON, one line per disclosure, paging (keyset cursor) through the whole result', async () => {
    const file = join(out, 'd.ndjson');
    const { stdout } = await cli('disclosures', '--member', REPORT_MEMBER, '--page', '2', '--out', file); // 5 pages
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(REPORT_DISCLOSURES.length);
    expect(lines.map((l) => (JSON.parse(l) as { disclosureId: string }).disclosureId).sort()).toEqual(
      REPORT_DISCLOSURES.map((d) => d.disclosureId).sort(),
    );
    expect(stdout).toContain(`${REPORT_DISCLOSURES.length} disclosures`);
  });

  it('access-report writes NDJSON, one line per entry, the whole report through its pages', async () => {
    const file = join(out, 'r.ndjson');
    const { stdout } = await cli('access-report', '--member', REPORT_MEMBER, '--from', '2023-01-01', '--out', file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const kinds = lines.map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds.filter((k) => k === 'disclosure')).toHaveLength(REPORT_DISCLOSURES.length);
    expect(stdout).toContain(`${lines.length} entries`);
  });

  it('a refused export (403) says why, exits non-zero, and leaves no file', async () => {
    const file = join(out, 'refused.pdf');
    const member = await issueLocalToken(dir, { subject: 'M-OTHER', roles: ['member'] });
    const refused = run(
      process.execPath,
      ['dist/cli/main.js', 'export', 'accounting', '--member', REPORT_MEMBER, '--out', file, '--url', server.base],
      { env: { ...process.env, PHI_LEDGER_TOKEN: member } },
    );
    await expect(refused).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/403 from the service/) });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
