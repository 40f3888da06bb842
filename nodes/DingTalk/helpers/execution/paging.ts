/**
 * Walks a list API page by page to its end, or until `limit` entries are collected. `fetch`
 * gets the previous page's token (undefined first) and returns the page's entries and the next
 * token; a missing, empty or repeated token ends the walk (a token that does not advance would
 * otherwise loop forever).
 */
export async function collectPages<T>(
	fetch: (token: string | undefined) => Promise<{ entries: T[]; next?: string | number | null }>,
	limit = Infinity,
): Promise<T[]> {
	const all: T[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	for (;;) {
		const page = await fetch(token);
		all.push(...page.entries);
		if (all.length >= limit) return all.slice(0, limit);
		const next =
			page.next === undefined || page.next === null || page.next === ''
				? undefined
				: String(page.next);
		if (next === undefined || seen.has(next)) return all;
		seen.add(next);
		token = next;
	}
}
