/** The list searches' pagination tokens: where the next page starts, as JSON text n8n hands back. */
export function encodeToken(state: object): string {
	return JSON.stringify(state);
}

export function decodeToken<T>(token?: string): T | undefined {
	if (!token) return undefined;
	try {
		return JSON.parse(token) as T;
	} catch {
		return undefined;
	}
}
