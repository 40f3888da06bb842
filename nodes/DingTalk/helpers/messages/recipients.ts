/**
 * Recipient lists as users type them: an array (from an expression), a JSON array string
 * (`["id1","id2"]`, as the RPA seed documents), or text separated by commas, semicolons,
 * whitespace or new lines. Trimmed, de-duplicated, order kept.
 */
export type IdListResult =
	| { ids: string[]; problem?: undefined; fix?: undefined }
	| { ids?: undefined; problem: string; fix: string };

export function parseIdList(value: unknown, what = 'ID'): IdListResult {
	let raw: unknown[];
	if (Array.isArray(value)) {
		raw = value;
	} else if (typeof value === 'number') {
		raw = [value];
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				return {
					problem: `The text starts with "[" but is not a valid JSON array of ${what}s`,
					fix: 'Write ["id1", "id2"], or separate the IDs with commas or new lines.',
				};
			}
			if (!Array.isArray(parsed)) {
				return {
					problem: `Expected a JSON array of ${what}s`,
					fix: 'Write ["id1", "id2"], or separate the IDs with commas or new lines.',
				};
			}
			raw = parsed;
		} else {
			raw = text.split(/[\s,;，；、]+/);
		}
	} else if (value === undefined || value === null) {
		raw = [];
	} else {
		return {
			problem: `Expected a list of ${what}s, got ${typeof value}`,
			fix: 'Enter text, or map an array of IDs with an expression.',
		};
	}

	const seen = new Set<string>();
	const ids: string[] = [];
	for (let position = 0; position < raw.length; position++) {
		const entry = raw[position];
		if (entry === undefined || entry === null) continue;
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			return {
				problem: `Entry ${position + 1} of the list is ${Array.isArray(entry) ? 'an array' : typeof entry}, not a ${what}`,
				fix: `Map the ${what} field itself, e.g. {{ $json.userId }}, or {{ $json.users.map(u => u.userId) }}.`,
			};
		}
		const id = String(entry)
			.trim()
			.replace(/^["']|["']$/g, '');
		if (id && !seen.has(id)) {
			seen.add(id);
			ids.push(id);
		}
	}
	return { ids };
}

/** Splits a list into consecutive chunks of at most `size` entries. */
export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}
