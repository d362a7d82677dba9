/**
 * Newline-delimited JSON read from a stream of any size in constant memory: one line at a time, numbered from 1.
 * A line longer than `maxLineBytes` is not kept (only its length is reported) and reading goes on at the next line,
 * so a body without newlines cannot grow the process's memory. Lines are split on LF; a CR before it is dropped
 * (CRLF files) and not counted in a line's length. Blank lines are counted and skipped.
 */

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: number };

const LF = 0x0a;
const CR = 0x0d;

export async function* ndjsonLines(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let kept = 0; // bytes in `parts`
  let length = 0; // bytes of the current line, kept or not
  let line = 0;
  const end = (): NdjsonLine | null => {
    line++;
    let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, kept);
    const total = length;
    parts = [];
    kept = length = 0;
    const whole = total === bytes.length; // else a piece was not kept: the line is too long
    if (whole && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (!whole || bytes.length > maxLineBytes) return { line, tooLong: total };
    const text = bytes.toString('utf8');
    return text.trim() === '' ? null : { line, text };
  };
  const keep = (piece: Buffer) => {
    length += piece.length;
    if (length <= maxLineBytes + 1 && piece.length > 0) {
      parts.push(piece);
      kept += piece.length;
    }
  };
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let from = 0;
    for (let at = buffer.indexOf(LF); at >= 0; at = buffer.indexOf(LF, from)) {
      keep(buffer.subarray(from, at));
      from = at + 1;
      const done = end();
      if (done) yield done;
    }
    keep(buffer.subarray(from));
  }
  if (length > 0) {
    const done = end();
    if (done) yield done;
  }
}
