/**
 * List searches of the Drive pickers. DingTalk lists spaces and folders as someone (the operator's
 * unionId), so both read the node's Operator ID; the folder list also reads the chosen space. The
 * folder list walks the space breadth first, a page of one folder at a time, and shows paths.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseFolder } from '../helpers/files/drive';
import { listFolder, listSpaces } from '../helpers/lookups/driveListing';
import { normalizeMobile } from '../helpers/lookups/locators';
import { editorLookups, type Lookups } from '../helpers/lookups/lookups';
import { unionIdOf, userIdByMobile } from '../helpers/lookups/users';
import { decodeToken, encodeToken } from './pages';
import { fixedText } from './parameters';

/** The operator's unionId, from the node's Operator ID (list / mobile / ID and Operator ID Type). */
async function operatorUnionId(context: ILoadOptionsFunctions, run: Lookups): Promise<string> {
	const { mode, text } = fixedText(context, 'operatorId');
	if (!text) {
		throw new NodeOperationError(context.getNode(), 'Set the Operator ID first', {
			description:
				'DingTalk lists Drive spaces and folders as a person: pick the operator (a fixed user, not an expression) above, then open this list again.',
		});
	}
	if (mode === 'id' && context.getCurrentNodeParameter('operatorIdType') === 'unionId') return text;
	const userId =
		mode === 'mobile'
			? String((await userIdByMobile(run, 0, normalizeMobile(text))).userid ?? '')
			: text;
	return await unionIdOf(run, 0, userId);
}

export async function searchDriveSpaces(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const unionId = await operatorUnionId(this, run);
	const page = await listSpaces(run, unionId, paginationToken);
	const query = (filter ?? '').trim().toLowerCase();
	return {
		results: page.spaces
			.filter((space) => !query || space.name.toLowerCase().includes(query))
			.map((space) => ({
				name: space.name,
				value: space.spaceId,
				description: `ID ${space.spaceId}`,
			})),
		paginationToken: page.nextToken,
	};
}

interface FolderWalk {
	/** Folders still to list, the first one from `next` (a page token of DingTalk's) on. */
	queue: Array<{ id: string; path: string; next?: string }>;
}

/** Folders shown per page at least, unless the space has no more. */
const FOLDERS_PAGE = 20;
/** Calls one page may make when folders hold no sub-folders. */
const CALLS_PER_PAGE = 10;

export async function searchDriveFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const space = fixedText(this, 'spaceId').text;
	const folder = parseFolder(space, '0');
	if (!space || 'problem' in folder) {
		throw new NodeOperationError(this.getNode(), 'Choose the space first', {
			description: 'Pick the space (or paste a folder link) above, then open this list again.',
		});
	}
	const unionId = await operatorUnionId(this, run);
	const query = (filter ?? '').trim().toLowerCase();
	const matches = (path: string) => !query || path.toLowerCase().includes(query);
	const walk = decodeToken<FolderWalk>(paginationToken);
	const results: INodeListSearchItems[] =
		walk || !matches('/') ? [] : [{ name: '/ (Root of the Space)', value: '0' }];
	const queue = walk?.queue ?? [{ id: '0', path: '' }];
	for (
		let calls = 0;
		queue.length > 0 && results.length < FOLDERS_PAGE && calls < CALLS_PER_PAGE;
		calls++
	) {
		const head = queue[0];
		const page = await listFolder(run, folder.spaceId, head.id, unionId, head.next);
		for (const entry of page.entries) {
			if (entry.type !== 'FOLDER') continue;
			const path = entry.path ?? `${head.path}/${entry.name}`;
			if (matches(path))
				results.push({ name: path, value: entry.id, description: `ID ${entry.id}` });
			queue.push({ id: entry.id, path });
		}
		if (page.nextToken) head.next = page.nextToken;
		else queue.shift();
	}
	return { results, paginationToken: queue.length ? encodeToken({ queue }) : undefined };
}
