/**
 * List searches of the user and department pickers, as n8n's editor calls them (one call per page
 * and filter). Each call has its own lookups (editorLookups): nothing is cached beyond it.
 * - users: a name searches DingTalk's directory (contact/users/search, then each hit's name); a
 *   mobile number finds its owner; no filter walks the department tree, 100 members a page.
 * - departments: a name searches (contact/departments/search); no filter walks the tree.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	departmentUsersPage,
	getDepartment,
	searchDepartmentIds,
	searchUserIds,
	subDepartments,
} from '../helpers/lookups/contacts';
import { normalizeMobile } from '../helpers/lookups/locators';
import { editorLookups, type Lookups } from '../helpers/lookups/lookups';
import { getUser, userIdByMobile } from '../helpers/lookups/users';
import { decodeToken, encodeToken } from './pages';

/** Hits of a name search shown per page (each costs one user lookup). */
export const SEARCH_PAGE = 20;

function userItem(user: IDataObject): INodeListSearchItems {
	const userId = String(user.userid ?? '');
	const title = user.title ? ` · ${String(user.title)}` : '';
	return { name: String(user.name ?? userId), value: userId, description: `${userId}${title}` };
}

/** No filter: the tree, department by department (breadth first), a page of members at a time. */
interface TreeWalk {
	dept: number;
	cursor: number;
	queue: number[];
}

async function browseUsers(run: Lookups, token?: string): Promise<INodeListSearchResult> {
	const walk = decodeToken<TreeWalk>(token) ?? { dept: 1, cursor: 0, queue: [] };
	const page = await departmentUsersPage(run, walk.dept, walk.cursor);
	const results = page.users.map(userItem);
	if (page.nextCursor !== undefined)
		return { results, paginationToken: encodeToken({ ...walk, cursor: page.nextCursor }) };
	const queue = [...walk.queue, ...(await subDepartments(run, walk.dept)).map((d) => d.deptId)];
	const next = queue.shift();
	return {
		results,
		paginationToken: next === undefined ? undefined : encodeToken({ dept: next, cursor: 0, queue }),
	};
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const query = (filter ?? '').trim();
	if (!query) return await browseUsers(run, paginationToken);
	const mobile = normalizeMobile(query);
	if (/^\+?\d{5,20}$/.test(mobile) && !paginationToken) {
		const found = await userIdByMobile(run, 0, mobile).catch(() => undefined);
		if (found?.userid) return { results: [userItem(await getUser(run, 0, String(found.userid)))] };
	}
	const offset = decodeToken<{ offset: number }>(paginationToken)?.offset ?? 0;
	const hits = await searchUserIds(run, query, offset, SEARCH_PAGE);
	const users = await Promise.all(
		hits.userIds.map(async (userId) => await getUser(run, 0, userId)),
	);
	return {
		results: users.map(userItem),
		paginationToken: hits.hasMore ? encodeToken({ offset: offset + SEARCH_PAGE }) : undefined,
	};
}

interface DepartmentWalk {
	queue: Array<{ id: number; path: string }>;
}

/** Departments listed per page when walking the tree (listsub returns a whole level at once). */
const DEPARTMENTS_PAGE = 50;

export async function searchDepartments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const query = (filter ?? '').trim();
	if (query) {
		const offset = decodeToken<{ offset: number }>(paginationToken)?.offset ?? 0;
		const hits = await searchDepartmentIds(run, query, offset, SEARCH_PAGE);
		const departments = await Promise.all(
			hits.deptIds.map(async (id) => await getDepartment(run, id)),
		);
		return {
			results: departments.map((d) => ({
				name: d.name,
				value: String(d.deptId),
				description: `ID ${d.deptId}`,
			})),
			paginationToken: hits.hasMore ? encodeToken({ offset: offset + SEARCH_PAGE }) : undefined,
		};
	}
	const walk = decodeToken<DepartmentWalk>(paginationToken);
	const results: INodeListSearchItems[] = walk
		? []
		: [{ name: 'Whole Organisation', value: '1', description: 'ID 1 (the root department)' }];
	const queue = walk?.queue ?? [{ id: 1, path: '' }];
	while (queue.length > 0 && results.length < DEPARTMENTS_PAGE) {
		const parent = queue.shift()!;
		for (const dept of await subDepartments(run, parent.id)) {
			const path = parent.path ? `${parent.path} / ${dept.name}` : dept.name;
			results.push({ name: path, value: String(dept.deptId), description: `ID ${dept.deptId}` });
			queue.push({ id: dept.deptId, path });
		}
	}
	return { results, paginationToken: queue.length ? encodeToken({ queue }) : undefined };
}
