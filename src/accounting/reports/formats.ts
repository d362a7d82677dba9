/**
 * The formats of a member's accounting and how one is chosen (api.md "Queries"; RFC 9110 §12.5.1): `format=` wins,
 * else the best `Accept` match by quality, else JSON. An Accept we cannot meet is 406 with the list we can.
 */
import { byQuality } from '../../http/negotiation.js';
import { problem, ProblemError } from '../../http/problem.js';

export const FORMATS = ['json', 'html', 'pdf', 'csv', 'fhir'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  csv: 'text/csv',
  fhir: 'application/fhir+json',
};

const BY_TYPE = new Map(Object.entries(MEDIA_TYPES).map(([f, t]) => [t, f as ReportFormat]));

export function notAcceptable(accept: string, offered: readonly ReportFormat[] = FORMATS): ProblemError {
  const supported = offered.map((f) => MEDIA_TYPES[f]);
  return new ProblemError(
    problem(
      406,
      'NOT_ACCEPTABLE',
      'Not acceptable',
      `none of the types in Accept can be produced; ask for one of ${supported.join(', ')}`,
      {
        supported,
        accept: accept.slice(0, 200),
      },
    ),
  );
}

/** `offered`: the formats this report is made in (the accounting: all; the access report: json, html, csv). */
export function chooseFormat<F extends ReportFormat>(
  format: F | undefined,
  accept: string | undefined,
  offered: readonly F[] = FORMATS as readonly ReportFormat[] as readonly F[],
): F {
  if (format) return format; // validated by the query DTO
  if (!accept?.trim()) return 'json' as F;
  for (const type of byQuality(accept)) {
    if (type === '*/*' || type === 'application/*') return 'json' as F;
    if (type === 'text/*') return 'html' as F;
    const f = BY_TYPE.get(type) as F | undefined;
    if (f && offered.includes(f)) return f;
  }
  throw notAcceptable(accept, offered);
}
