/** The HTTP trigger's security options, read fail-closed: a bad value is a problem, never a disabled check. */
import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_MAX_SKEW_SECONDS = 300;
export const MIN_MAX_SKEW_SECONDS = 10;
export const MAX_MAX_SKEW_SECONDS = 3600;

/**
 * The trigger's Max Clock Skew option, checked: a number of seconds from 10 to 3600. Anything else
 * (text, NaN, Infinity, 0, negative, out of range) is a problem to refuse on, never a disabled check.
 */
export function readMaxSkewSeconds(
	value: unknown,
): { seconds: number; problem?: undefined } | { seconds?: undefined; problem: string } {
	if (value === undefined || value === null || value === '')
		return { seconds: DEFAULT_MAX_SKEW_SECONDS };
	const shown =
		typeof value === 'string'
			? `the text "${value.slice(0, 40)}"`
			: typeof value === 'number'
				? String(value)
				: `a ${Array.isArray(value) ? 'list' : typeof value}`;
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		value < MIN_MAX_SKEW_SECONDS ||
		value > MAX_MAX_SKEW_SECONDS
	) {
		return {
			problem: `Options → Max Clock Skew (Seconds) must be a number from ${MIN_MAX_SKEW_SECONDS} to ${MAX_MAX_SKEW_SECONDS}, but it is ${shown}`,
		};
	}
	return { seconds: value };
}

/** The trigger's Owner Key option, checked: `appKey` (default) or `corpId`. */
export function readOwnerKey(
	value: unknown,
):
	| { ownerKey: 'appKey' | 'corpId'; problem?: undefined }
	| { ownerKey?: undefined; problem: string } {
	if (value === undefined || value === null || value === '' || value === 'appKey')
		return { ownerKey: 'appKey' };
	if (value === 'corpId') return { ownerKey: 'corpId' };
	return {
		problem: `Options → Owner Key must be "appKey" or "corpId", but it is ${JSON.stringify(value).slice(0, 40)}`,
	};
}

export const OPTIONS_FIX =
	'Fix DingTalk Trigger → Options (or remove the option to use its default); until then every callback is refused.';

/** What is wrong with the trigger's Options, if anything. */
export function optionsProblem(options: IDataObject): string | undefined {
	return (
		readMaxSkewSeconds(options.maxSkewSeconds).problem ?? readOwnerKey(options.ownerKey).problem
	);
}
