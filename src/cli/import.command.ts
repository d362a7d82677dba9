/**
 * `phi-ledger import [file]`: disclosures from an NDJSON file (or stdin), one per line as POST /v1/disclosures takes
 * it, sent to a running service through POST /v1/disclosure-imports in requests of `--chunk` lines. After each answer
 * the last line the service acknowledged is written to a state file (atomically: a temporary file renamed), so an
 * import stopped by a crash, a kill or a lost connection starts again after that line. A request the service could
 * not take (unreachable, 503, 429, 5xx) is sent again after a pause, unchanged: a line stored but not acknowledged comes
 * back as a replay, never a second event. Refused lines go to a problems file (NDJSON, one per line, by line number).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  renameSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import type { Command } from 'commander';
import { MAX_ITEM_BYTES, NDJSON } from '../http/limits.js';
import { ndjsonLines } from '../http/ndjson.js';
import { lineTooLong } from '../ledger/disclosure-import/disclosure-import.js';
import { wholeNumber } from './arguments.js';
import { progressCounter } from './progress.js';
import { connection, connectionOptions, serviceError, type Connection } from './service-client.js';

interface ImportState {
  /** the input's first MiB hashed: a state file is never applied to another input */
  fingerprint: string;
  acknowledgedThrough: number;
}

interface Answer {
  lines: number;
  acknowledgedThrough: number;
  created: number;
  replayed: number;
  rejected: number;
  problems: ({ line: number } & Record<string, unknown>)[];
  problemsNotListed: number;
}

/** Pauses before sending a request again (about two and a half minutes in all), then the import stops. */
const RETRY_PAUSES_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000, 30000];

function fingerprintOf(file: string | null): string {
  if (file === null) return 'stdin';
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(1 << 20);
    const read = readSync(fd, head, 0, head.length, 0);
    return createHash('sha256').update(head.subarray(0, read)).digest('hex');
  } finally {
    closeSync(fd);
  }
}

function saveState(path: string, state: ImportState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state) + '\n');
  renameSync(temporary, path);
}

/** One request of lines; retried unchanged while the service cannot take it. */
async function send(
  c: Required<Connection>,
  firstLine: number,
  body: string,
  log: (line: string) => void,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let failure: Error & { status?: number };
    try {
      const res = await fetch(`${c.url}/v1/disclosure-imports?firstLine=${firstLine}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': NDJSON },
        body,
      });
      if (res.ok) return (await res.json()) as Answer;
      failure = await serviceError(res);
      if (res.status < 500 && res.status !== 429) throw failure; // refused: sending it again changes nothing
    } catch (error) {
      if ((error as { status?: number }).status !== undefined) throw error;
      failure = error as Error; // unreachable, connection lost
    }
    if (attempt >= RETRY_PAUSES_MS.length) throw failure;
    log(`import: ${failure.message}; sending the same lines again in ${RETRY_PAUSES_MS[attempt] / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSES_MS[attempt]));
  }
}

export function registerImportCommand(program: Command): void {
  connectionOptions(
    program
      .command('import')
      .description(
        'record disclosures from an NDJSON file or stdin (one POST /v1/disclosures body per line); resumable',
      )
      .argument('[file]', 'the NDJSON file; - or nothing for stdin', '-')
      .option('--chunk <lines>', 'lines per request', wholeNumber('--chunk', 1, 1_000_000), 10_000)
      .option('--state <file>', 'where the last acknowledged line is kept (default: <file>.import-state.json)')
      .option('--problems <file>', 'refused lines, NDJSON (default: <file>.problems.ndjson)')
      .option('--restart', 'start from the first line even if a state file says otherwise'),
  ).action(
    async (
      file: string,
      o: { chunk: number; state?: string; problems?: string; restart?: boolean; url?: string; token?: string },
    ) => {
      const c = connection(o);
      const input = file === '-' ? null : file;
      if (input === null && !o.state) throw new Error('reading stdin, say where to keep the state: --state <file>');
      const statePath = o.state ?? `${input}.import-state.json`;
      const problemsPath = o.problems ?? `${input ?? statePath}.problems.ndjson`;
      const fingerprint = fingerprintOf(input);
      let skip = 0;
      if (!o.restart && existsSync(statePath)) {
        const saved = JSON.parse(readFileSync(statePath, 'utf8')) as ImportState;
        if (saved.fingerprint !== fingerprint)
          throw new Error(`${statePath} belongs to another input; --restart to start over, or another --state`);
        skip = saved.acknowledgedThrough;
        process.stderr.write(`import: resuming after line ${skip} (${statePath})\n`);
      }
      if (skip === 0) writeFileSync(problemsPath, '');
      const totals = { created: 0, replayed: 0, rejected: 0 };
      const progress = progressCounter('import', 'lines');
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let body: string[] = [];
      let sent = 0; // lines of `body` the service is to decide (blank and overlong lines are not)
      let first = skip + 1; // the number of the request's first line
      let last = skip; // the last line read
      const flush = async () => {
        if (sent > 0) {
          const answer = await send(c, first, body.join('\n') + '\n', log);
          totals.created += answer.created;
          totals.replayed += answer.replayed;
          totals.rejected += answer.rejected;
          const refused = answer.problems.map((p) => JSON.stringify(p) + '\n').join('');
          if (refused) appendFileSync(problemsPath, refused);
          if (answer.problemsNotListed > 0)
            log(`import: ${answer.problemsNotListed} more refused lines in lines ${first}–${last} (not listed)`);
        }
        // the whole request was read and answered: every line of it is acknowledged
        if (last >= first) saveState(statePath, { fingerprint, acknowledgedThrough: last });
        progress.add(last - first + 1);
        body = [];
        sent = 0;
        first = last + 1;
      };
      const source = input === null ? process.stdin : createReadStream(input);
      for await (const read of ndjsonLines(source, MAX_ITEM_BYTES)) {
        if (read.line <= skip) continue;
        // blank lines keep their place (the service numbers lines as they come); an overlong line is sent empty and
        // refused here, so that the request stays bounded
        for (; last + 1 < read.line; last++) body.push('');
        last = read.line;
        if ('tooLong' in read) {
          totals.rejected++;
          appendFileSync(problemsPath, JSON.stringify(lineTooLong(read.line, read.tooLong)) + '\n');
          body.push('');
        } else {
          body.push(read.text);
          sent++;
        }
        if (body.length >= o.chunk) await flush();
      }
      await flush();
      progress.stop();
      process.stdout.write(
        `import: ${totals.created} created, ${totals.replayed} replayed, ${totals.rejected} refused` +
          `${totals.rejected > 0 ? ` (${problemsPath})` : ''}; acknowledged through line ${last}\n`,
      );
      if (totals.rejected > 0) process.exitCode = 2;
    },
  );
}
