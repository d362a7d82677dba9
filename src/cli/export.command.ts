/**
 * `phi-ledger export …` (accounting, access-report, disclosures): documents fetched from a running service with a
 * bearer token, so every export passes the
 * same access rules (and is seen the same way) as a read over HTTP. Both stream to the file as they arrive (constant
 * memory whatever the size), write to a temporary file renamed at the end (a failed export leaves no partial file),
 * and show progress on stderr.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { progressCounter } from './progress.js';
import { connection, connectionOptions, fetchOk, type Connection } from './service-client.js';

const FORMATS = ['json', 'html', 'pdf', 'csv', 'fhir'];

/** A file written through a temporary name; `done` renames it into place, `abort` removes it. */
function fileWriter(out: string) {
  const temporary = `${out}.partial-${process.pid}`;
  const stream = createWriteStream(temporary, { flags: 'wx' });
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    async write(chunk: Uint8Array | string) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(data);
      bytes += data.length;
      if (!stream.write(data)) await once(stream, 'drain'); // back-pressure: wait for the disk
    },
    async done() {
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      renameSync(temporary, out);
      return { bytes, sha256: hash.digest('hex') };
    },
    abort() {
      stream.destroy();
      rmSync(temporary, { force: true });
    },
  };
}

async function toFile(out: string, produce: (w: ReturnType<typeof fileWriter>) => Promise<void>) {
  const writer = fileWriter(out);
  try {
    await produce(writer);
    return await writer.done();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * Every page of a keyset-paged read (`nextCursor`) written to `w` as NDJSON, one page in memory at a time; `pathOf`
 * gives each page's path (the cursor is '' for the first), `rowsOf` the rows of a page. Resolves with the rows written.
 */
async function writePages<P extends { nextCursor: string | null }>(
  c: Required<Connection>,
  w: ReturnType<typeof fileWriter>,
  progress: { add(n: number): void },
  pathOf: (cursor: string) => string,
  rowsOf: (page: P) => unknown[],
): Promise<number> {
  let written = 0;
  for (let cursor: string | null = ''; cursor !== null;) {
    const page = (await (await fetchOk(c, pathOf(cursor))).json()) as P;
    const rows = rowsOf(page);
    for (const row of rows) await w.write(`${JSON.stringify(row)}\n`);
    written += rows.length;
    progress.add(rows.length);
    cursor = page.nextCursor;
  }
  return written;
}

export function registerExportCommands(program: Command): void {
  const exports = program.command('export').description('documents from a running service, streamed to a file');

  connectionOptions(
    exports
      .command('accounting')
      .description("a member's accounting of disclosures (164.528) in one format")
      .requiredOption('--member <memberId>', 'the member')
      .option(
        '--format <format>',
        FORMATS.join('|'),
        (v) => {
          if (!FORMATS.includes(v)) throw new InvalidArgumentError(`one of ${FORMATS.join(', ')}`);
          return v;
        },
        'json',
      )
      .option('--lang <lang>', 'en|es (the words around the entries)')
      .requiredOption('--out <file>', 'where to write it'),
  ).action(async (o: { member: string; format: string; lang?: string; out: string; url?: string; token?: string }) => {
    const c = connection(o);
    const query = new URLSearchParams({ format: o.format, ...(o.lang ? { lang: o.lang } : {}) });
    const res = await fetchOk(c, `/v1/members/${encodeURIComponent(o.member)}/accounting?${query.toString()}`);
    const total = Number(res.headers.get('content-length') ?? 0);
    const progress = progressCounter('accounting', 'bytes', total || undefined);
    const { bytes, sha256 } = await toFile(o.out, async (w) => {
      for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
        await w.write(chunk);
        progress.add(chunk.length);
      }
    });
    progress.stop();
    console.log(`${o.out}: ${bytes} bytes, sha256 ${sha256}`);
  });

  connectionOptions(
    exports
      .command('access-report')
      .description("a member's access report (every use, disclosure and read of their records) as NDJSON, one per line")
      .requiredOption('--member <memberId>', 'the member')
      .option('--from <date>', 'first date (YYYY-MM-DD; default three years back)')
      .option('--to <date>', 'last date (YYYY-MM-DD; default today)')
      .requiredOption('--out <file>', 'where to write it'),
  ).action(async (o: { member: string; from?: string; to?: string; out: string; url?: string; token?: string }) => {
    const c = connection(o);
    const progress = progressCounter('access report', 'entries');
    let entries = 0;
    const { bytes, sha256 } = await toFile(o.out, async (w) => {
      entries = await writePages(
        c,
        w,
        progress,
        (cursor) => {
          const query = new URLSearchParams({
            limit: '1000',
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
          });
          if (cursor) query.set('cursor', cursor);
          return `/v1/members/${encodeURIComponent(o.member)}/access-report?${query.toString()}`;
        },
        (page: { entries: unknown[]; nextCursor: string | null }) => page.entries,
      );
    });
    progress.stop();
    console.log(`${o.out}: ${entries} entries, ${bytes} bytes, sha256 ${sha256}`);
  });

  connectionOptions(
    exports
      .command('disclosures')
      .description('disclosures across members as NDJSON, one per line (role auditor or privacy-officer)')
      .option('--from <date>', 'first date (YYYY-MM-DD)')
      .option('--to <date>', 'last date (YYYY-MM-DD)')
      .option('--member <memberId>', 'one member only')
      .option('--channel <channel>', 'one channel only')
      .option(
        '--page <n>',
        'rows per request, 1 to 500',
        (v) => {
          if (!/^([1-9]\d?|[1-4]\d\d|500)$/.test(v)) throw new InvalidArgumentError('1 to 500');
          return v;
        },
        '500',
      )
      .requiredOption('--out <file>', 'where to write it'),
  ).action(
    async (o: {
      page: string;
      from?: string;
      to?: string;
      member?: string;
      channel?: string;
      out: string;
      url?: string;
      token?: string;
    }) => {
      const c = connection(o);
      const filter = Object.entries({ from: o.from, to: o.to, memberId: o.member, channel: o.channel }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      );
      const progress = progressCounter('disclosures', 'rows');
      let rows = 0;
      const { bytes, sha256 } = await toFile(o.out, async (w) => {
        rows = await writePages(
          c,
          w,
          progress,
          (cursor) => {
            const query = new URLSearchParams(filter);
            query.set('limit', o.page);
            if (cursor) query.set('cursor', cursor);
            return `/v1/audit/disclosures?${query.toString()}`;
          },
          (page: { disclosures: unknown[]; nextCursor: string | null }) => page.disclosures,
        );
      });
      progress.stop();
      console.log(`${o.out}: ${rows} disclosures, ${bytes} bytes, sha256 ${sha256}`);
    },
  );
}
