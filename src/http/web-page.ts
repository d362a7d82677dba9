/**
 * The browser pages the service serves (/accounting, /audit): their files in web/ and the headers every page and
 * asset is sent with. A page may load only our own script and style and call only our own API; nothing is cached.
 */
import { readFileSync } from 'node:fs';
import { applyDecorators, Header } from '@nestjs/common';

/** A file of web/ (read once, at start). */
export const webFile = (name: string) => readFileSync(new URL(`../../web/${name}`, import.meta.url), 'utf8');

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** An HTML shell: strict CSP, no referrer, never cached. */
export const PageResponse = () =>
  applyDecorators(
    Header('content-type', 'text/html; charset=utf-8'),
    Header('content-security-policy', PAGE_CSP),
    Header('referrer-policy', 'no-referrer'),
    Header('cache-control', 'no-store'),
    Header('x-content-type-options', 'nosniff'),
  );

/** A script or style of a page. */
export const AssetResponse = (contentType: string) =>
  applyDecorators(
    Header('content-type', contentType),
    Header('content-security-policy', "default-src 'none'"),
    Header('cache-control', 'no-cache'),
    Header('x-content-type-options', 'nosniff'),
  );
