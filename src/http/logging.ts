/**
 * Request logging without PHI: no bodies, no query strings, no authorization header, and ids in paths
 * (member ids, disclosure ids) replaced by placeholders.
 */
import type { Params } from 'nestjs-pino';
import { RequestMethod } from '@nestjs/common';
import type { LedgerConfig } from '../config/config.js';

const STATIC_SEGMENTS = new Set([
  'v1',
  'members',
  'disclosures',
  'disclosure-batches',
  'corrections',
  'voids',
  'authorizations',
  'revocations',
  'hie-consents',
  'deaths',
  'custody-periods',
  'representatives',
  'uses',
  'use-batches',
  'research-protocols',
  'suspensions',
  'written-statements',
  'accounting-requests',
  'extensions',
  'fee-notices',
  'modifications',
  'withdrawals',
  'fulfilments',
  'accounting',
  'access-report',
  'audit',
  'breach-assessments',
  'access-log',
  'integrity',
  'checkpoint',
  'public-key',
  'inclusion-proofs',
  'consistency-proofs',
  'audits',
  'health',
  'live',
  'ready',
  'metrics',
  'docs',
  'json',
]);

export function redactPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path
    .split('/')
    .map((segment) => (segment === '' || STATIC_SEGMENTS.has(segment) ? segment : ':id'))
    .join('/');
}

export function loggerParams(config: LedgerConfig): Params {
  return {
    pinoHttp: {
      level: config.LEDGER_LOG_LEVEL,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: redactPath(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // `req` is written by the serializer above alone (id, method, the path with its ids replaced): no headers, no
      // body, whatever logs it. Redaction paths under `req` would only put every request's bindings through
      // fast-redact's copy-and-remove (~4 µs a request) to remove what is never there; these catch other log objects.
      redact: { paths: ['body', 'headers.authorization'], remove: true },
    },
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
  };
}
