/**
 * The service as an operator meets it: real HTTP on a real port, the embedded SQLite default, and a start-up
 * that refuses bad configuration with a message naming the variable.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, type RunningServer } from '../support/server.js';

describe('the service on the embedded default', () => {
  let server: RunningServer;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'phi-ledger-e2e-'));

  beforeAll(async () => {
    server = await startServer({
      LEDGER_DATA_DIR: dir,
      LEDGER_STORE: 'sqlite',
      DATABASE_URL: '',
      LEDGER_LOG_LEVEL: 'info',
    });
    base = server.base;
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /health/live answers ok', async () => {
    const res = await fetch(`${base}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks the store and reports projection lag', async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      store: 'sqlite',
      checks: { eventStore: 'up', readModels: 'up' },
      projections: expect.arrayContaining([
        { name: 'stream-catalogue', position: '0', lag: '0' },
        { name: 'merkle-log', position: '0', lag: '0' },
      ]),
    });
  });

  it('GET /metrics serves Prometheus text with route patterns, never raw paths', async () => {
    await fetch(`${base}/v1/members/M-SECRET-1/accounting`);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('phi_ledger_http_request_duration_seconds_bucket');
    expect(text).toContain('phi_ledger_log_head_position');
    expect(text).not.toContain('M-SECRET-1');
  });

  it('GET /docs serves the OpenAPI UI and /docs/json the document', async () => {
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    const doc = (await (await fetch(`${base}/docs/json`)).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });

  it('an unknown route is a problem+json 404 that does not echo the path', async () => {
    const res = await fetch(`${base}/v1/nowhere/M-SECRET-2`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(body).not.toContain('M-SECRET-2');
  });

  it('logs requests without ids from the path, query strings or headers', async () => {
    await fetch(`${base}/v1/members/M-SECRET-3/accounting?from=2020-01-01`, {
      headers: { authorization: 'Bearer SECRET-TOKEN' },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.logs()).toContain('/v1/members/:id/accounting');
    expect(server.logs()).not.toMatch(/M-SECRET-3|SECRET-TOKEN|2020-01-01/);
  });
});

describe('start-up with bad configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LEDGER_STORE: 'postgres', DATABASE_URL: '' }, 'DATABASE_URL is required when LEDGER_STORE=postgres'],
    [{ LEDGER_TIMEZONE: 'Nowhere/Land' }, 'LEDGER_TIMEZONE must be an IANA time zone'],
  ])('%j stops the service with a message naming the variable', (env, message) => {
    const run = spawnSync(process.execPath, ['dist/app/main.js'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain(message);
  });
});
