/**
 * Drive listing for the pickers: the organisation's spaces an operator sees (drive_1_0 ListSpaces,
 * https://open.dingtalk.com/document/orgapp/queries-a-space-list) and a folder's children
 * (storage_1_0 ListDentries, https://open.dingtalk.com/document/orgapp/obtain-the-list-of-files-or-folders).
 * Both act as an operator (unionId) and page with an opaque nextToken.
 */
import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequest } from '../../transport';
import type { Lookups } from './lookups';

/** ListDentries' maximum page (dingtalk-api.md §8.4: maxResults ≤ 50). */
export const DENTRIES_PAGE = 50;
/** [INF] ListSpaces documents no maximum; 50, as ListDentries. */
export const SPACES_PAGE = 50;

export interface DriveSpace {
	spaceId: string;
	name: string;
}

export interface DriveEntry {
	id: string;
	name: string;
	type: string;
	path?: string;
}

export async function listSpaces(
	run: Lookups,
	unionId: string,
	nextToken?: string,
): Promise<{ spaces: DriveSpace[]; nextToken?: string }> {
	const response = await dingTalkApiRequest<{ spaces?: IDataObject[]; nextToken?: string }>(
		run.api,
		{
			api: 'new',
			method: 'GET',
			path: '/v1.0/drive/spaces',
			qs: {
				unionId,
				spaceType: 'org',
				maxResults: SPACES_PAGE,
				...(nextToken ? { nextToken } : {}),
			},
			idempotent: true,
		},
	);
	return {
		spaces: (response.spaces ?? []).map((space) => ({
			spaceId: String(space.spaceId),
			name: String(space.spaceName ?? space.spaceId),
		})),
		nextToken: response.nextToken || undefined,
	};
}

export async function listFolder(
	run: Lookups,
	spaceId: string,
	parentId: string,
	unionId: string,
	nextToken?: string,
): Promise<{ entries: DriveEntry[]; nextToken?: string }> {
	const response = await dingTalkApiRequest<{ dentries?: IDataObject[]; nextToken?: string }>(
		run.api,
		{
			api: 'new',
			method: 'GET',
			path: `/v1.0/storage/spaces/${encodeURIComponent(spaceId)}/dentries`,
			qs: {
				unionId,
				parentId,
				maxResults: DENTRIES_PAGE,
				orderBy: 'NAME',
				order: 'ASC',
				...(nextToken ? { nextToken } : {}),
			},
			idempotent: true,
		},
	);
	return {
		entries: (response.dentries ?? []).map((dentry) => ({
			id: String(dentry.id),
			name: String(dentry.name ?? ''),
			type: String(dentry.type ?? ''),
			path: dentry.path === undefined ? undefined : String(dentry.path),
		})),
		nextToken: response.nextToken || undefined,
	};
}
