/** How the CLI reaches a running service: its URL and a bearer token (options, else the environment). */
import type { Command } from 'commander';

export interface Connection {
  url: string;
  token?: string;
}

export const connectionOptions = (c: Command) =>
  c
    .option('--url <url>', 'the service (default: PHI_LEDGER_URL, else http://127.0.0.1:$PORT or :3000)')
    .option('--token <token>', 'a bearer token (default: PHI_LEDGER_TOKEN; `phi-ledger token` makes one)');

export function connection(o: { url?: string; token?: string }): Required<Connection> {
  const url = o.url ?? process.env.PHI_LEDGER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const token = o.token ?? process.env.PHI_LEDGER_TOKEN;
  if (!token) throw new Error('a bearer token is needed: --token or PHI_LEDGER_TOKEN');
  return { url: url.replace(/\/$/, ''), token };
}

/** A GET that answered 2xx, else an error that says the status and the problem's detail. */
export async function fetchOk(c: Required<Connection>, path: string): Promise<Response> {
  const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.token}` } });
  if (!res.ok) throw await serviceError(res);
  return res;
}

/** What a refused request says: its status and the problem's detail (or the start of the body). */
export async function serviceError(res: Response): Promise<Error & { status: number }> {
  const text = await res.text();
  let detail = text.slice(0, 300);
  try {
    detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
  } catch {
    /* not problem+json */
  }
  return Object.assign(new Error(`${res.status} from the service: ${detail}`), { status: res.status });
}
