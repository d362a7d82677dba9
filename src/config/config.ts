/**
 * Configuration from environment variables (names fixed by api.md), validated once at start-up.
 * A bad value stops the service with a message naming the variable and what it accepts.
 */
import { z } from 'zod';
import { memoryPlan } from './memory.js';

export const CONFIG = Symbol('CONFIG');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real calendar date');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/New_York');

const optionalText = z.string().trim().min(1).optional();

/** `true` or `false` (anything else is refused, naming the variable), as a boolean. */
const flag = (byDefault: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(byDefault)
    .transform((v) => v === 'true');

const schema = z
  .object({
    PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(3000),
    LEDGER_HOST: z.string().min(1).default('0.0.0.0'),
    LEDGER_DATA_DIR: z.string().min(1).default('./data'),
    LEDGER_STORE: z.enum(['sqlite', 'postgres', 'kurrentdb']).default('sqlite'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// connection string' }).optional(),
    KURRENTDB_URL: z
      .string()
      .regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'must be a kurrentdb:// or esdb:// connection string')
      .optional(),
    LEDGER_PG_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
      .default('phi_ledger'),
    LEDGER_TIMEZONE: timeZone.default('America/New_York'),
    LEDGER_COMPLIANCE_DATE: isoDate.default('2003-04-14'),
    LEDGER_PLAN_NAME: optionalText,
    LEDGER_RESPONSIBLE_OFFICE: optionalText,
    /** how a member reaches that office (address, telephone, e-mail), printed on accountings */
    LEDGER_OFFICE_CONTACT: optionalText,
    LEDGER_AUTH_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    LEDGER_AUTH_ISSUER: optionalText,
    LEDGER_AUTH_AUDIENCE: optionalText,
    /** every read of a member's records recorded (164.312(b)); off only to measure what it costs */
    LEDGER_ACCESS_LOG: z.enum(['on', 'off']).default('on'),
    LEDGER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LEDGER_LOG_ORIGIN: z
      .string()
      .regex(/^[^\s+]{1,200}$/, 'must be a log origin without spaces or "+", e.g. ledger.example-plan.org/phi')
      .default('phi-ledger.local/ledger'),
    LEDGER_CHECKPOINT_KEY_FILE: optionalText,
    /** the signing key itself (PKCS#8 PEM), for secrets injected as environment; wins over LEDGER_CHECKPOINT_KEY_FILE */
    LEDGER_CHECKPOINT_KEY: optionalText,
    /** verifier keys of earlier signing keys (comma-separated C2SP vkeys): checkpoints they signed stay trusted */
    LEDGER_CHECKPOINT_TRUSTED_KEYS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean)
          : [],
      ),
    /** every signed checkpoint is appended here (keep it outside the data directory); the audit checks the log against it */
    LEDGER_CHECKPOINT_WITNESS_FILE: optionalText,
    LEDGER_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    LEDGER_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    LEDGER_POLICY_INCLUDE_REQUEST_DATE: flag('false'),
    LEDGER_POLICY_SUMMARIZE: flag('true'),
    LEDGER_POLICY_RESEARCH_LISTING_MINIMUM: z.coerce
      .number()
      .int()
      .min(50, 'must be at least 50 (164.528(b)(4))')
      .max(1_000_000)
      .default(50),
    LEDGER_POLICY_FEE_WINDOW: z.enum(['rolling', 'calendar-year']).default('rolling'),
    /** who the member's access report names: the person (names) or only their role (roles); the office sees names */
    LEDGER_POLICY_ACCESS_REPORT_ACTORS: z.enum(['names', 'roles']).default('names'),
    /** business hours (local, Monday to Friday) for the AFTER_HOURS_BULK snooping rule, HH:MM-HH:MM */
    LEDGER_POLICY_BUSINESS_HOURS: z
      .string()
      .default('07:00-19:00')
      .transform((text, ctx) => {
        const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
        const from = m ? Number(m[1]) * 60 + Number(m[2]) : 0;
        const until = m ? Number(m[3]) * 60 + Number(m[4]) : 0;
        if (!m || until <= from || until > 24 * 60) {
          ctx.addIssue({ code: 'custom', message: 'must be HH:MM-HH:MM, ending after it starts (e.g. 07:00-19:00)' });
          return z.NEVER;
        }
        return { from, until };
      }),
    /** AFTER_HOURS_BULK: distinct members one actor uses outside business hours on one day */
    LEDGER_POLICY_BULK_READ_THRESHOLD: z.coerce.number().int().min(2).max(1_000_000).default(50),
    /** the plan runs (or is) a 42 CFR Part 2 program: §2.25 accountings of Part 2 disclosures are offered */
    LEDGER_POLICY_PART2_PROGRAM: flag('false'),
    /** the plan acts as a Part 2 intermediary (§2.11): §2.24 lists of disclosures are offered on written request */
    LEDGER_POLICY_PART2_INTERMEDIARY: flag('false'),
    /** one memory budget, divided among caches, pages and threads (memory.ts); unset: the throughput defaults */
    LEDGER_MEMORY_MB: z.coerce.number().int('must be a whole number').min(128).max(1_048_576).optional(),
    /** when set, wins over LEDGER_MEMORY_MB's share (default 5000, or the budget's share) */
    LEDGER_MEMBER_CACHE: z.coerce.number().int().min(0).max(10_000_000).optional(),
    /** when set, wins over LEDGER_MEMORY_MB's share (default 5000, or the budget's share) */
    LEDGER_PROJECTION_BATCH: z.coerce.number().int().min(1).max(20_000).optional(),
    LEDGER_PROJECTION_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(100),
    LEDGER_PROJECTIONS_THREAD: z.enum(['worker', 'inline']).default('worker'),
    LEDGER_STORE_WRITER: z.enum(['thread', 'inline']).default('thread'),
    LEDGER_RATE_LIMIT_SERVICE_PER_MINUTE: z.coerce.number().int().min(0).max(100_000_000).default(600_000),
    LEDGER_RATE_LIMIT_PERSON_PER_MINUTE: z.coerce.number().int().min(0).max(100_000_000).default(1200),
    LEDGER_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: z.coerce.number().int().min(0).max(100_000_000).default(600),
  })
  .superRefine((env, ctx) => {
    if (env.LEDGER_STORE === 'postgres' && !env.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when LEDGER_STORE=postgres' });
    if (env.LEDGER_STORE === 'kurrentdb' && !env.KURRENTDB_URL)
      ctx.addIssue({ code: 'custom', path: ['KURRENTDB_URL'], message: 'is required when LEDGER_STORE=kurrentdb' });
    if (env.LEDGER_AUTH_JWKS_URL && (!env.LEDGER_AUTH_ISSUER || !env.LEDGER_AUTH_AUDIENCE))
      ctx.addIssue({
        code: 'custom',
        path: ['LEDGER_AUTH_ISSUER'],
        message: 'LEDGER_AUTH_ISSUER and LEDGER_AUTH_AUDIENCE are required with LEDGER_AUTH_JWKS_URL',
      });
  })
  .transform((env) => {
    const memory = memoryPlan(env.LEDGER_MEMORY_MB, {
      memberCache: env.LEDGER_MEMBER_CACHE,
      projectionBatch: env.LEDGER_PROJECTION_BATCH,
    });
    return { ...env, LEDGER_MEMBER_CACHE: memory.memberCache, LEDGER_PROJECTION_BATCH: memory.projectionBatch, memory };
  });

export type LedgerConfig = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Empty strings count as unset, so `PORT=` in a compose file falls back to the default.
 * Connection strings (which may hold passwords) are never echoed in the message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const secret = /URL$/.test(name) || name === 'LEDGER_CHECKPOINT_KEY';
      const given = name in present && !secret ? ` (got "${present[name]}")` : '';
      return `${name} ${issue.message.replace(/^Invalid input: /, '')}${given}`;
    }),
  );
}
