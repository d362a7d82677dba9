import { describe, expect, it } from '@jest/globals';
import { ndjsonLines, type NdjsonLine } from './ndjson.js';

async function lines(chunks: (string | Buffer)[], max = 16): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const l of ndjsonLines(chunks, max)) out.push(l);
  return out;
}

describe('ndjsonLines', () => {
  it('splits on LF whatever the chunk boundaries, numbering lines from 1', async () => {
    expect(await lines(['{"a"', ':1}\n{"b":2', '}\n', '{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '{"c":3}' },
    ]);
  });

  it('drops the CR of CRLF line ends and does not count it in the length', async () => {
    expect(await lines(['0123456789abcdef\r\n{}\r\n'])).toEqual([
      { line: 1, text: '0123456789abcdef' },
      { line: 2, text: '{}' },
    ]);
  });

  it('counts blank lines but yields none for them', async () => {
    expect(await lines(['\n\n{}\n  \n{}\n\n'])).toEqual([
      { line: 3, text: '{}' },
      { line: 5, text: '{}' },
    ]);
  });

  it('reports a line one byte over the limit by its length, and reads on at the next line', async () => {
    expect(await lines(['0123456789abcdefX\n{}\n'])).toEqual([
      { line: 1, tooLong: 17 },
      { line: 2, text: '{}' },
    ]);
  });

  it('keeps no more than the limit of a line without end, however much arrives', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x41);
    const seen = await lines([chunk, chunk, chunk, '\n{}'], 1024);
    expect(seen).toEqual([
      { line: 1, tooLong: 3 << 20 },
      { line: 2, text: '{}' },
    ]);
  });

  it('keeps UTF-8 characters split across chunks whole', async () => {
    const bytes = Buffer.from('{"n":"José"}\n');
    expect(await lines([bytes.subarray(0, 10), bytes.subarray(10)], 64)).toEqual([{ line: 1, text: '{"n":"José"}' }]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await lines([])).toEqual([]);
  });
});
