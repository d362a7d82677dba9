/**
 * Requests per minute, per client (rate-limiter-flexible's in-memory limiter; per service instance). Services (the
 * `recorder` role) send commands in volume and get a large budget; people (members, representatives, the privacy
 * office, auditors) a small one; requests without a valid token are counted by address, so that guessing tokens is
 * slow. A client over its budget gets 429 with Retry-After. 0 switches a limit off.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { LedgerConfig } from '../config/config.js';
import type { Principal } from './roles.js';

type Limits = Pick<
  LedgerConfig,
  | 'LEDGER_RATE_LIMIT_SERVICE_PER_MINUTE'
  | 'LEDGER_RATE_LIMIT_PERSON_PER_MINUTE'
  | 'LEDGER_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE'
>;

const perMinute = (points: number) => (points > 0 ? new RateLimiterMemory({ points, duration: 60 }) : null);

export class RateLimits {
  private readonly services: RateLimiterMemory | null;
  private readonly people: RateLimiterMemory | null;
  private readonly unauthenticated: RateLimiterMemory | null;

  constructor(limits: Limits) {
    this.services = perMinute(limits.LEDGER_RATE_LIMIT_SERVICE_PER_MINUTE);
    this.people = perMinute(limits.LEDGER_RATE_LIMIT_PERSON_PER_MINUTE);
    this.unauthenticated = perMinute(limits.LEDGER_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE);
  }

  /** Counts a request of a verified caller: null when within the budget, else the seconds to wait. */
  caller(principal: Principal): Promise<number | null> {
    const limiter = principal.roles.includes('recorder') ? this.services : this.people;
    return take(limiter, `${principal.subject}\u0000${principal.clientId ?? ''}`);
  }

  /** Counts a request without a valid token, by the address it came from. */
  anonymous(address: string): Promise<number | null> {
    return take(this.unauthenticated, address);
  }
}

async function take(limiter: RateLimiterMemory | null, key: string): Promise<number | null> {
  if (!limiter) return null;
  try {
    await limiter.consume(key);
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw refusal;
  }
}
