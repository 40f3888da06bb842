/** Where a redirect pointed: origin and path only (its query may carry a token or a signature). */
export function redirectTarget(location: unknown, from: string): string {
	if (typeof location !== 'string' || location === '') return 'no location';
	try {
		const target = new URL(location, from);
		return `${target.origin}${target.pathname}`;
	} catch {
		return 'an unreadable location';
	}
}
