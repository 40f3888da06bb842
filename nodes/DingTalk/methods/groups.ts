/**
 * The one list of groups DingTalk gives an app: department groups (部门群). It lists no other
 * group chats, nor the groups its robot is in (docs/dingtalk-api-notes.md). The search walks the
 * department tree (department/listsub says which departments have a group) and reads each such
 * group's chatId (department/get); the node converts a chatId when it sends.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { getDepartment, subDepartments } from '../helpers/lookups/contacts';
import { editorLookups } from '../helpers/lookups/lookups';
import { decodeToken, encodeToken } from './pages';

/** Departments expanded per page (one listsub each; a department/get per group found). */
const DEPARTMENTS_PER_PAGE = 20;

export async function searchDepartmentGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const query = (filter ?? '').trim().toLowerCase();
	const queue = decodeToken<{ queue: Array<{ id: number; path: string }> }>(paginationToken)
		?.queue ?? [{ id: 1, path: '' }];
	const results: INodeListSearchItems[] = [];
	for (let expanded = 0; queue.length > 0 && expanded < DEPARTMENTS_PER_PAGE; expanded++) {
		const parent = queue.shift()!;
		for (const dept of await subDepartments(run, parent.id)) {
			const path = parent.path ? `${parent.path} / ${dept.name}` : dept.name;
			queue.push({ id: dept.deptId, path });
			if (!dept.hasGroup || (query && !path.toLowerCase().includes(query))) continue;
			const details = await getDepartment(run, dept.deptId);
			if (!details.groupChatId) continue;
			results.push({
				name: `${path} (department group)`,
				value: details.groupChatId,
				description: `Chat ID ${details.groupChatId}`,
			});
		}
	}
	return { results, paginationToken: queue.length ? encodeToken({ queue }) : undefined };
}
