/**
 * The member's accounting in writing (164.528(b), issue 12), end to end over HTTP on the embedded store and on
 * PostgreSQL: every format carries the plan, the office and its contact (164.528(d)(3)) and the same entries;
 * CSV parses back to the JSON, the PDF's text (poppler's pdftotext) holds every entry, every FHIR resource is valid
 * against the official FHIR R4 JSON schema, Accept chooses the format as format= does, and a fulfilment in PDF stores
 * the exact bytes it provided.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { issueLocalToken } from '../../src/auth/token-verifier.js';
import { LEDGER_PARTS } from '../../src/events/fhir-interchange.js';
import { dropSchema, freshSchema, storesUnderTest } from '../support/postgres.js';
import { callApi } from '../support/api.js';
import { fhirErrors } from '../support/fhir-schema.js';
import { pdfText } from '../support/pdf.js';
import { startServer, type RunningServer } from '../support/server.js';
import { OFFICE_ENV, recordReportMember, registerProtocol, REPORT_MEMBER } from './report-fixture.js';

/** What the member sees of each entry: its recipient, or the study's name for a research listing (164.528(b)(4)). */
const LISTED = ['State Dept. of Health', 'County Court', 'State Cancer Registry', 'Diabetes Outcomes Study'];

const { pg, stores } = await storesUnderTest();

describe.each(stores)('member reports on $name', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-reports-'));
  const schema = freshSchema('reports');
  let server: RunningServer;
  let office: string;
  let member: string;
  let position: number;

  beforeAll(async () => {
    server = await startServer({ ...env, ...OFFICE_ENV, LEDGER_DATA_DIR: dir, LEDGER_PG_SCHEMA: schema });
    office = await issueLocalToken(dir, { subject: 'po-1', roles: ['privacy-officer'] });
    member = await issueLocalToken(dir, { subject: REPORT_MEMBER, roles: ['member'] });
    const recorder = await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] });
    position = await recordReportMember(server.base, recorder);
  });
  afterAll(async () => {
    await server.stop();
    if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (query: string, token = member, headers: Record<string, string> = {}) =>
    fetch(`${server.base}/v1/members/${REPORT_MEMBER}/accounting?minPosition=${position}&${query}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const json = async (query = '', token = member) => {
    const res = await get(query, token);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      entries: Array<Record<string, unknown> & { type: string; disclosureIds: string[] }>;
      [k: string]: unknown;
    };
  };

  it('JSON carries the plan, the office and its contact (164.528(d)(3)), the period in words and what is left out', async () => {
    const a = await json();
    expect(a).toMatchObject({
      plan: 'Example Health Plan',
      responsibleOffice: 'Privacy Office',
      officeContact: 'PO Box 1, Springfield · 1-800-555-0100 · privacy@example.org',
      notice: { lang: 'en', title: 'Accounting of disclosures of your health information' },
    });
    const notice = a.notice as { period: string; sections: Array<{ heading: string; items?: string[] }> };
    expect(notice.period).toMatch(/from .* through .*\./);
    expect(notice.sections.map((s) => s.heading)).toEqual([
      'What this is',
      'What is not listed, and why',
      'Questions or complaints',
    ]);
    expect(notice.sections[1].items!.join(' ')).toContain('treatment, payment or health care operations');
    expect(a.entries.map((e) => e.type).sort()).toEqual([
      'disclosure',
      'disclosure',
      'disclosure',
      'research',
      'summary',
    ]);
  });

  it('speaks Spanish with lang=es, or by Accept-Language when lang is not given', async () => {
    expect(((await json('lang=es')).notice as { title: string }).title).toBe(
      'Registro de divulgaciones de su información de salud',
    );
    const res = await get('', member, { 'accept-language': 'fr;q=0.9, es-MX;q=0.8, en;q=0.1' });
    expect(((await res.json()) as { notice: { lang: string } }).notice.lang).toBe('es');
    const bad = await get('lang=fr');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('format=html is one page with every entry, the office, and headers that keep it private', async () => {
    const res = await get('format=html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    for (const name of LISTED) expect(html).toContain(name);
    expect(html).toContain('&lt;b&gt;Acme &amp; Sons&lt;/b&gt;'); // a recipient's name is text, never markup
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Privacy Office');
    expect(html).not.toContain('RPT-D1'); // internal ids are not the member's headline
  });

  it('format=csv is RFC 4180 with a header row, and parsed back equals the JSON entries', async () => {
    const a = await json();
    const res = await get('format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const text = await res.text();
    expect(text.split('\r\n')[0].split(',').slice(0, 3)).toEqual(['type', 'date', 'dateTo']);
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(rows).toHaveLength(a.entries.length);
    a.entries.forEach((e, i) => {
      const r = rows[i];
      expect(r.type).toBe(e.type);
      expect(r.disclosureIds.split(' ')).toEqual(e.disclosureIds);
      if (e.type === 'research') {
        expect(r).toMatchObject({ date: e.dateFrom, dateTo: e.dateTo, lastDate: e.lastDate, protocolId: e.protocolId });
        expect(r.statement).toBe(e.statement);
        return;
      }
      const recipient = e.recipient as { name: string; address: string | null };
      expect(r).toMatchObject({
        date: e.date,
        recipientName: recipient.name,
        recipientAddress: recipient.address ?? '',
        description: e.description,
        purpose: e.purpose,
        writtenRequestRef: e.writtenRequestRef ?? '',
        madeBy: e.madeBy ?? '',
      });
      if (e.type === 'summary') expect(r).toMatchObject({ count: String(e.count), lastDate: e.lastDate });
      else expect(r.dateTo).toBe(e.dateTo ?? '');
    });
  });

  it('format=pdf holds every entry, a running header and page numbers (text read back by pdftotext)', async () => {
    const res = await get('format=pdf');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="accounting-${REPORT_MEMBER}.pdf"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    for (const name of LISTED) expect(text).toContain(name);
    expect(text).toContain('<b>Acme & Sons</b>');
    expect(text).toMatch(/Example Health Plan · Accounting of disclosures of your health information · Member ID/);
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('Questions or complaints');
  });

  it('format=fhir is a Bundle of BALP PrivacyDisclosure AuditEvents, each valid against the FHIR R4 schema', async () => {
    const a = await json();
    const res = await get('format=fhir');
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json\b/);
    const bundle = (await res.json()) as { resourceType: string; entry: Array<{ resource: Record<string, unknown> }> };
    expect(fhirErrors(bundle)).toEqual([]);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry).toHaveLength(a.entries.flatMap((e) => e.disclosureIds).length);
    for (const { resource } of bundle.entry) {
      expect(fhirErrors(resource)).toEqual([]);
      expect(resource).toMatchObject({
        resourceType: 'AuditEvent',
        type: { code: '110106' },
        subtype: [{ code: 'disclose' }],
        agent: [{ type: { coding: [{ code: '110153' }] } }, { type: { coding: [{ code: '110152' }] } }],
        entity: [{ role: { code: '1' } }, { role: { code: '3' } }],
      });
      const parts = (resource.extension as Array<{ extension: Array<{ url: string }> }>)[0].extension;
      for (const { url } of parts) expect(LEDGER_PARTS.map((p) => p.name)).toContain(url); // all published (docs/fhir/)
    }
  });

  it('Accept chooses the format as format= does; format= wins; an Accept we cannot meet is 406 naming what we can', async () => {
    expect((await get('', member, { accept: 'text/csv' })).headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await get('', member, { accept: 'application/pdf;q=0.5, text/html' })).headers.get('content-type')).toMatch(
      /^text\/html/,
    );
    expect((await get('format=json', member, { accept: 'text/csv' })).headers.get('content-type')).toMatch(
      /^application\/json/,
    );
    expect((await get('', member, { accept: '*/*' })).headers.get('content-type')).toMatch(/^application\/json/);
    const refused = await get('', member, { accept: 'image/png' });
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({
      code: 'NOT_ACCEPTABLE',
      supported: ['application/json', 'text/html', 'application/pdf', 'text/csv', 'application/fhir+json'],
    });
  });

  it("another member's accounting is 403 in every format", async () => {
    for (const format of ['json', 'html', 'pdf', 'csv', 'fhir']) {
      const res = await fetch(`${server.base}/v1/members/M-SOMEONE-ELSE/accounting?format=${format}`, {
        headers: { authorization: `Bearer ${member}` },
      });
      expect(res.status).toBe(403);
    }
  });

  it('an export re-imported (POST /v1/fhir) into an empty ledger yields the same accounting; again, it replays', async () => {
    const fhir = (await (await get('format=fhir', office)).json()) as { entry: unknown[] };
    const emptyDir = mkdtempSync(join(tmpdir(), 'phi-ledger-import-'));
    const importSchema = freshSchema('reports_import');
    const empty = await startServer({
      ...env,
      ...OFFICE_ENV,
      LEDGER_DATA_DIR: emptyDir,
      LEDGER_PG_SCHEMA: importSchema,
    });
    try {
      const recorder = await issueLocalToken(emptyDir, { subject: 'rec-2', roles: ['recorder'] });
      const reader = await issueLocalToken(emptyDir, { subject: 'po-2', roles: ['privacy-officer'] });
      await registerProtocol(empty.base, recorder); // research listings name the protocol (164.528(b)(4))
      const send = () =>
        fetch(`${empty.base}/v1/fhir`, {
          method: 'POST',
          headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/fhir+json' },
          body: JSON.stringify(fhir),
        });
      const first = await send();
      expect(first.status).toBe(200);
      const results = ((await first.json()) as { results: Array<{ status: string; position: number }> }).results;
      expect(results.map((r) => r.status)).toEqual(fhir.entry.map(() => 'created'));
      const again = ((await (await send()).json()) as { results: Array<{ status: string }> }).results;
      expect(again.map((r) => r.status)).toEqual(fhir.entry.map(() => 'replayed'));
      const at = 'requestedOn=2026-11-30&asOf=2026-11-30T17:00:00Z';
      const original = await (await get(at, office)).json();
      const imported = await (
        await fetch(
          `${empty.base}/v1/members/${REPORT_MEMBER}/accounting?${at}&minPosition=${Math.max(...results.map((r) => r.position))}`,
          { headers: { authorization: `Bearer ${reader}` } },
        )
      ).json();
      expect(imported).toEqual(original);
    } finally {
      await empty.stop();
      if (env.LEDGER_STORE === 'postgres') await dropSchema(pg.url!, importSchema);
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('POST /v1/fhir/AuditEvent records one disclosure (201, then replayed); what cannot be mapped is 422 naming the element, and nothing is recorded', async () => {
    const fhir = (await (await get('format=fhir', office)).json()) as {
      entry: Array<{ resource: Record<string, unknown> }>;
    };
    const recorder = await issueLocalToken(dir, { subject: 'rec-1', roles: ['recorder'] });
    const post = (body: unknown) =>
      fetch(`${server.base}/v1/fhir/AuditEvent`, {
        method: 'POST',
        headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
    const resource = structuredClone(fhir.entry[0].resource);
    const ext = (resource.extension as Array<{ extension: Array<{ url: string; valueString?: string }> }>)[0];
    ext.extension.find((p) => p.url === 'disclosureId')!.valueString = 'RPT-FHIR-1';
    expect((await post(resource)).status).toBe(201);
    expect((await post(resource)).status).toBe(200); // replayed: same id, same body
    const before = (await json('', office)).entries.flatMap((e) => e.disclosureIds);
    const noRecipient = { ...resource, agent: (resource.agent as unknown[]).slice(0, 1) };
    ext.extension.find((p) => p.url === 'disclosureId')!.valueString = 'RPT-FHIR-2';
    const refused = await post(noRecipient);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'FHIR_UNMAPPABLE',
      errors: [{ path: 'agent[recipient]', message: 'a recipient agent (DICOM 110152)' }],
    });
    const badBasis = structuredClone(resource);
    const badExt = (badBasis.extension as Array<{ extension: Array<{ url: string; valueString?: string }> }>)[0];
    badExt.extension.find((p) => p.url === 'legalBasis')!.valueString = 'not a citation';
    const invalid = await post(badBasis);
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: Array<{ path: string }> }).errors[0].path).toBe(
      'extension[https://phi-ledger.org/fhir/StructureDefinition/ledger-disclosure].legalBasis',
    );
    expect((await json('', office)).entries.flatMap((e) => e.disclosureIds)).toEqual(before);
  });

  it.each(['pdf', 'html', 'csv', 'fhir', 'json'])(
    'a fulfilment in %s stores the document it provided and its SHA-256; the artifact route returns those bytes',
    async (format) => {
      const requestId = `RPT-REQ-${format}`;
      const now = Date.now();
      const filed = await callApi(server.base, 'POST', '/v1/accounting-requests', office, {
        requestId,
        memberId: REPORT_MEMBER,
        requester: { type: 'self' },
        receivedAt: new Date(now - 60_000).toISOString(),
      });
      expect(filed.status).toBe(201);
      if (filed.body.feeRequired) {
        // 164.528(c)(2): only the first accounting in 12 months is free; this suite asks for five
        const fee = { sentAt: new Date(now - 30_000).toISOString(), amount: 5 };
        expect(
          (await callApi(server.base, 'POST', `/v1/accounting-requests/${requestId}/fee-notices`, office, fee)).status,
        ).toBe(201);
      }
      const done = await callApi(server.base, 'POST', `/v1/accounting-requests/${requestId}/fulfilments`, office, {
        providedAt: new Date(now).toISOString(),
        format,
        lang: 'es',
      });
      expect(done.status).toBe(201);
      const sha = done.body.artifactSha256 as string;
      const res = await fetch(`${server.base}/v1/accounting-requests/${requestId}/artifact`, {
        headers: { authorization: `Bearer ${member}` },
      });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
      expect(res.headers.get('etag')).toBe(`"${sha}"`);
      // the accounting provided is the member's, as the ledger knew it when provided, in Spanish
      const text = format === 'pdf' ? pdfText(bytes) : bytes.toString();
      expect(text).toContain('State Cancer Registry');
      if (format === 'pdf') expect(text).toContain('Registro de divulgaciones');
      if (format === 'html') expect(text).toContain('lang="es"');
    },
  );
});
