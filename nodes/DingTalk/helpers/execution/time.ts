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

/** A millisecond timestamp as ISO text; 0 and absent (DingTalk's "not set") as null. */
export function isoOrNull(ms: unknown): string | null {
	const n = Number(ms);
	return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : null;
}
