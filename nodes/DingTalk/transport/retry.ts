/**
 * How a failed call is retried: the default policy, jittered exponential backoff, which failures
 * are a per-second quota (the endpoint's pacer learns those) and which are a dropped connection.
 */
import type { DingTalkErrorDetail } from './errors';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	throttleRetries: 6,
	transientRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 8000,
};

/** The pause before retry number `attempt` (0-based): doubling up to the maximum, with jitter. */
export function backoff(policy: RetryPolicy, attempt: number): number {
	const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Throttling that is a per-second quota (the pacer learns it); others get plain backoff. */
export function isPerSecondQuota(code: string): boolean {
	return /Qps/i.test(code) || code === '90018' || code.endsWith('/90018');
}

/** Network-level failure (no HTTP response): reset, refused, timed out. */
export function networkDetail(error: unknown): DingTalkErrorDetail | undefined {
	const cause = (error as { cause?: { code?: string; response?: unknown; message?: string } })
		?.cause;
	const code =
		cause?.code ??
		(error as { code?: string })?.code ??
		(typeof (error as Error)?.message === 'string' && /timeout/i.test((error as Error).message)
			? 'ETIMEDOUT'
			: undefined);
	if (cause?.response || !code) return undefined;
	return { httpCode: 0, code, message: `connection failed (${code})` };
}
