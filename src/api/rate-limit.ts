/**
 * Per-API-key rate limits shared by every API replica: counters live in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres). A policy of `perSecond` sustained with bursts of `burst` is a window of
 * `burst / perSecond` seconds holding `burst` requests. A key over its limit is then blocked in each
 * replica's memory for the rest of the window, so a flood costs the database nothing more; should the
 * database not answer, an in-memory limiter per replica stands in.
 *
 * Headers (IETF draft-ietf-httpapi-ratelimit-headers-07): `RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset` (seconds) and `RateLimit-Policy: <burst>;w=<window seconds>` on every /v1 answer,
 * plus `Retry-After` (seconds) on a 429.
 */
import type { RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error';
import type { ResolvedApiKey } from '../db/repositories/api-keys-repository';

export interface RateLimitPolicy {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { perSecond: 50, burst: 100 };

export class ApiKeyRateLimiter {
  /** One limiter per distinct policy (few: the default and what the operator set). */
  private readonly limiters = new Map<string, RateLimiterPostgres>();

  constructor(
    private readonly db: Pool,
    readonly defaults: RateLimitPolicy = DEFAULT_RATE_LIMIT,
  ) {}

  policyFor(key: ResolvedApiKey): RateLimitPolicy {
    return {
      perSecond: key.rateLimit.perSecond ?? this.defaults.perSecond,
      burst: key.rateLimit.burst ?? this.defaults.burst,
    };
  }

  /** Counts one request of the key: resolves when allowed, rejects with the counter when over. */
  consume(keyId: string, policy: RateLimitPolicy): Promise<RateLimiterRes> {
    return this.limiterFor(policy).consume(keyId);
  }

  private limiterFor({ perSecond, burst }: RateLimitPolicy): RateLimiterPostgres {
    const name = `${burst}/${perSecond}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const duration = burst / perSecond;
      limiter = new RateLimiterPostgres({
        storeClient: this.db,
        tableName: 'rate_limits',
        tableCreated: true, // by the migration
        clearExpiredByTimeout: true,
        keyPrefix: `key:${name}`,
        points: burst,
        duration,
        inMemoryBlockOnConsumed: burst,
        insuranceLimiter: new RateLimiterMemory({ points: burst, duration }),
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

export const windowSeconds = (p: RateLimitPolicy) => Math.ceil(p.burst / p.perSecond);

function setHeaders(res: Response, policy: RateLimitPolicy, counter: RateLimiterRes) {
  const resetSeconds = Math.max(1, Math.ceil(counter.msBeforeNext / 1000));
  res.set({
    'RateLimit-Limit': String(policy.burst),
    'RateLimit-Remaining': String(Math.max(0, counter.remainingPoints)),
    'RateLimit-Reset': String(resetSeconds),
    'RateLimit-Policy': `${policy.burst};w=${windowSeconds(policy)}`,
  });
  return resetSeconds;
}

/** Runs after apiKeyAuth: a request over its key's limit is a 429 that tells when to come back. */
export function rateLimitPerKey(limiter: ApiKeyRateLimiter): RequestHandler {
  return async (_req, res, next) => {
    const key = res.locals.apiKey as ResolvedApiKey;
    const policy = limiter.policyFor(key);
    let counter: RateLimiterRes;
    try {
      counter = await limiter.consume(key.keyId, policy);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = setHeaders(res, policy, rejection);
      res.set('Retry-After', String(retryAfter));
      throw new AppError(
        429,
        'rate_limited',
        `Too many requests for this API key (at most ${policy.burst} in ${windowSeconds(policy)} s); retry in ${retryAfter} s`,
        { limit: policy.burst, perSecond: policy.perSecond, retryAfterSeconds: retryAfter },
      );
    }
    setHeaders(res, policy, counter);
    next();
  };
}
