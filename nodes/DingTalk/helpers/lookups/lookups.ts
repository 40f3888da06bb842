/**
 * What a lookup needs: an API session and the user cache. A node run's RunContext is one (cached
 * for the run); an editor request gets its own (cached for that one request, never across
 * requests: n8n calls a list search once per page and filter, and nothing is kept at module level).
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { ApiSession } from '../../transport';

export interface Lookups {
	readonly api: ApiSession;
	/** User records by `user:<userId>` / `mobile:<mobile>`. */
	readonly users: Map<string, Promise<IDataObject>>;
}

/** The lookups of one editor request (a list search, a page of it). */
export function editorLookups(context: ILoadOptionsFunctions): Lookups {
	return { api: new ApiSession(context), users: new Map() };
}
