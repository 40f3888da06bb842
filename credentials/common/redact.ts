/**
 * Secret redaction primitives, shared by the DingTalk API credential (its token request's errors)
 * and the node's transport (every error it throws, through scrubError()). A server may echo a
 * request in an error: the AppSecret of a token request, the access_token of an old-API call, a
 * custom robot's sign. The field patterns below also catch token-looking values never passed in.
 */

export const REDACTED = '[redacted]';

/** Field names whose value is a credential, wherever they appear (JSON, query, header, XML). */
const SECRET_FIELD =
	'x-acs-dingtalk-access-token|access[-_]?token|refresh[-_]?token|app[-_]?secret|client[-_]?secret|corp[-_]?secret|suite[-_]?secret|' +
	'encoding[-_]?aes[-_]?key|aes[-_]?key|event[-_]?aes[-_]?secret|event[-_]?token|webhook[-_]?token|ticket|sign|signature|secret|token';
const QUOTE = String.raw`(?:\\*["']|%22|&quot;)`;
const VALUE = String.raw`(?!\[redacted\])[^\s"'\\&,;}<>\]]+`;
/**
 * `key=value` / `key%3Dvalue` (query, form); `"key": "value"` / `\"key\":\"value\"` (JSON, also
 * nested in a string); `x-acs-dingtalk-access-token: value` (the header). Prose such as
 * "Client Secret: copy it again" is left alone: a colon counts only after a quoted name.
 */
const FIELD_VALUES = [
	new RegExp(
		String.raw`(?<![A-Za-z0-9_])(${SECRET_FIELD})(\s*(?:=|%3D)\s*${QUOTE}?)${VALUE}`,
		'gi',
	),
	new RegExp(
		String.raw`(${QUOTE}(?:${SECRET_FIELD})${QUOTE}\s*(?::|%3A)\s*${QUOTE}?)${VALUE}`,
		'gi',
	),
	new RegExp(String.raw`(x-acs-dingtalk-access-token)(\s*:\s*)${VALUE}`, 'gi'),
];
const XML_VALUE = new RegExp(String.raw`<(${SECRET_FIELD})>(?!\[redacted\])[^<]*</`, 'gi');
const SECRET_KEY = new RegExp(String.raw`^(?:${SECRET_FIELD})$`, 'i');

/** Shorter values would redact ordinary words; no DingTalk secret or token is this short. */
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes on the wire: raw, URL-encoded (once, twice), JSON-escaped, slash-escaped. */
function variants(secret: string): string[] {
	const once = encodeURIComponent(secret);
	return [
		secret,
		once,
		encodeURIComponent(once),
		once.replace(/%20/g, '+'),
		JSON.stringify(secret).slice(1, -1),
		secret.replace(/\//g, '\\/'),
	];
}

export function knownPattern(secrets: Iterable<string | undefined>): RegExp | undefined {
	const all = new Set<string>();
	for (const secret of secrets) {
		const value = typeof secret === 'string' ? secret.trim() : '';
		if (value.length < MIN_SECRET_LENGTH) continue;
		for (const variant of variants(value)) all.add(variant);
	}
	if (all.size === 0) return undefined;
	const sorted = [...all].sort((a, b) => b.length - a.length).map(escapeRegExp);
	// Case-insensitive: percent-encoding may come back in lower-case hex.
	return new RegExp(sorted.join('|'), 'gi');
}

export function redactWith(text: string, known: RegExp | undefined): string {
	let out = known ? text.replace(known, REDACTED) : text;
	out = out.replace(FIELD_VALUES[0], `$1$2${REDACTED}`);
	out = out.replace(FIELD_VALUES[1], `$1${REDACTED}`);
	out = out.replace(FIELD_VALUES[2], `$1$2${REDACTED}`);
	out = out.replace(XML_VALUE, `<$1>${REDACTED}</`);
	return out;
}

/** `text` without any of `secrets` (in any encoding) and without any credential-named field's value. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
	return redactWith(text, knownPattern(secrets));
}

export function redactDeep(
	value: unknown,
	known: RegExp | undefined,
	seen: WeakSet<object>,
	depth: number,
): unknown {
	if (typeof value === 'string') return redactWith(value, known);
	if (value === null || typeof value !== 'object') return value;
	if (seen.has(value) || depth > 12) return REDACTED;
	seen.add(value);
	if (Buffer.isBuffer(value)) return redactWith(value.toString('utf8'), known);
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, known, seen, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		out[key] =
			SECRET_KEY.test(key) && entry !== null && entry !== undefined && entry !== ''
				? REDACTED
				: redactDeep(entry, known, seen, depth + 1);
	}
	return out;
}

/** A copy of `value` (strings, arrays, plain objects) with every secret and credential field redacted. */
export function redactValue<T>(value: T, secrets: Iterable<string | undefined> = []): T {
	return redactDeep(value, knownPattern(secrets), new WeakSet(), 0) as T;
}
