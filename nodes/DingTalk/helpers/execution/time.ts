/**
 * Points in time as users give them: an ISO date-time (n8n's Date & Time parameter), a
 * millisecond timestamp, or a Luxon/JS Date from an expression. DingTalk's new APIs take
 * millisecond timestamps.
 */
export function epochMs(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function')
		return (value as { toMillis: () => number }).toMillis();
	if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
	const text = String(value).trim();
	if (/^\d{10}$/.test(text)) return Number(text) * 1000;
	if (/^\d{13}$/.test(text)) return Number(text);
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * A DingTalk time (ms since the epoch, as a number or digits) as ISO text; 0, absent (DingTalk's
 * "not set") and anything else as null.
 */
export function isoOrNull(ms: unknown): string | null {
	const n =
		typeof ms === 'number'
			? ms
			: typeof ms === 'string' && /^\d{1,16}$/.test(ms.trim())
				? Number(ms)
				: NaN;
	if (!Number.isFinite(n) || n <= 0) return null;
	const date = new Date(n);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
