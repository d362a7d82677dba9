import { describe, expect, it } from '@jest/globals';
import { chooseFormat, type ReportFormat } from './formats.js';

describe('which format an accounting is given in (RFC 9110 §12.5.1)', () => {
  it.each([
    [undefined, undefined, 'json'],
    [undefined, '', 'json'],
    [undefined, '*/*', 'json'],
    [undefined, 'application/*', 'json'],
    [undefined, 'text/*', 'html'],
    [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 'html'], // a browser
    [undefined, 'application/pdf', 'pdf'],
    [undefined, 'text/csv; charset=utf-8', 'csv'],
    [undefined, 'application/fhir+json', 'fhir'],
    [undefined, 'application/pdf;q=0.4, text/csv;q=0.9', 'csv'], // by quality
    [undefined, 'text/csv, application/pdf', 'csv'], // equal quality: the first listed
    [undefined, 'image/png, application/pdf;q=0.1', 'pdf'], // what we cannot make is passed over
    ['html', 'application/pdf', 'html'], // format= wins
  ])('format=%s, Accept: %s → %s', (format, accept, expected) => {
    expect(chooseFormat(format as ReportFormat | undefined, accept)).toBe(expected);
  });

  it.each(['image/png', 'application/xml, text/plain', 'application/pdf;q=0'])(
    'Accept: %s (nothing we make) is 406 listing what we make',
    (accept) => {
      expect(() => chooseFormat(undefined, accept)).toThrow(
        expect.objectContaining({
          problem: expect.objectContaining({
            status: 406,
            code: 'NOT_ACCEPTABLE',
            supported: ['application/json', 'text/html', 'application/pdf', 'text/csv', 'application/fhir+json'],
          }),
        }),
      );
    },
  );
});

describe('a report made in fewer formats (the access report: json, html, csv)', () => {
  const offered = ['json', 'html', 'csv'] as const;
  it('passes over a type it does not make for one it does', () => {
    expect(chooseFormat(undefined, 'application/pdf, text/csv;q=0.5', offered)).toBe('csv');
  });
  it('answers 406 listing only its own types when Accept names none of them', () => {
    expect(() => chooseFormat(undefined, 'application/pdf', offered)).toThrow(
      expect.objectContaining({
        problem: expect.objectContaining({ status: 406, supported: ['application/json', 'text/html', 'text/csv'] }),
      }),
    );
  });
});
