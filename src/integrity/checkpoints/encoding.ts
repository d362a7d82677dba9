/**
 * Strict encodings for c2sp.org/signed-note. Base64 is standard and padded (RFC 4648 §4); Node's decoder
 * ignores stray characters and the unused low bits of the last character, so one value would have many
 * spellings: accepting only the canonical one keeps signed text and hashes unambiguous.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The decoded bytes, or null unless `text` is the canonical base64 of them. */
export function decodeCanonicalBase64(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Notes MUST be valid UTF-8 (signed-note §Format): a string with lone surrogates has no UTF-8 encoding. */
export function isWellFormedUtf16(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}
