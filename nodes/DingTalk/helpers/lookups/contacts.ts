/**
 * Contacts listing (通讯录): the name search, a department's members page by page, its
 * sub-departments, a department's details. Shared by the Contacts operations and the pickers.
 */
import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequest } from '../../transport';
import type { Lookups } from './lookups';
import { oldApiResult, rememberUser } from './users';

/** topapi/v2/user/list takes at most 100 users a page (https://open.dingtalk.com/document/orgapp/queries-the-complete-information-of-a-department-user). */
export const DEPARTMENT_USERS_PAGE = 100;
/** contact/users/search: the node asks for 50 at most a call (see docs/dingtalk-api-notes.md). */
export const USER_SEARCH_PAGE = 50;

export interface Department {
	deptId: number;
	name: string;
	parentId: number;
	/** Whether it was created with a department group (部门群, create_dept_group). */
	hasGroup?: boolean;
	/** That group's chatId (department/get only). */
	groupChatId?: string;
}

/**
 * UserIds whose name matches `queryWord` (POST /v1.0/contact/users/search,
 * https://open.dingtalk.com/document/orgapp/address-book-search-user-id): a page from `offset`.
 */
export async function searchUserIds(
	run: Lookups,
	queryWord: string,
	offset: number,
	size: number,
	options: { exact?: boolean; itemIndex?: number } = {},
): Promise<{ userIds: string[]; hasMore: boolean; totalCount?: number }> {
	const response = await dingTalkApiRequest<{
		list?: string[];
		hasMore?: boolean;
		totalCount?: number;
	}>(run.api, {
		api: 'new',
		method: 'POST',
		path: '/v1.0/contact/users/search',
		body: { queryWord, offset, size, ...(options.exact ? { fullMatchField: 1 } : {}) },
		itemIndex: options.itemIndex,
		idempotent: true,
	});
	return {
		userIds: (response.list ?? []).map(String),
		hasMore: response.hasMore === true,
		totalCount: response.totalCount,
	};
}

/** One page of a department's direct members, with their details (POST /topapi/v2/user/list). */
export async function departmentUsersPage(
	run: Lookups,
	deptId: number,
	cursor: number,
	size = DEPARTMENT_USERS_PAGE,
	itemIndex?: number,
): Promise<{ users: IDataObject[]; nextCursor?: number }> {
	const result = await oldApiResult<{
		list?: IDataObject[];
		has_more?: boolean;
		next_cursor?: number;
	}>(
		run,
		'/topapi/v2/user/list',
		{ dept_id: deptId, cursor, size, language: 'zh_CN', contain_access_limit: false },
		itemIndex,
	);
	const users = result?.list ?? [];
	// Users seen here need no user/get later in the same run or editor request.
	for (const user of users) rememberUser(run, user);
	return {
		users,
		nextCursor:
			result?.has_more && result.next_cursor !== undefined ? Number(result.next_cursor) : undefined,
	};
}

/** A department's next level of sub-departments (POST /topapi/v2/department/listsub; no paging). */
export async function subDepartments(
	run: Lookups,
	deptId: number,
	itemIndex?: number,
): Promise<Department[]> {
	const result = await oldApiResult<IDataObject[]>(
		run,
		'/topapi/v2/department/listsub',
		{ dept_id: deptId, language: 'zh_CN' },
		itemIndex,
	);
	return (result ?? []).map((dept) => ({
		deptId: Number(dept.dept_id),
		name: String(dept.name ?? ''),
		parentId: Number(dept.parent_id ?? deptId),
		hasGroup: dept.create_dept_group === true,
	}));
}

/** A department's name and parent (POST /topapi/v2/department/get). */
export async function getDepartment(
	run: Lookups,
	deptId: number,
	itemIndex?: number,
): Promise<Department> {
	const dept = await oldApiResult<IDataObject>(
		run,
		'/topapi/v2/department/get',
		{ dept_id: deptId, language: 'zh_CN' },
		itemIndex,
	);
	return {
		deptId: Number(dept?.dept_id ?? deptId),
		name: String(dept?.name ?? ''),
		parentId: Number(dept?.parent_id ?? 0),
		groupChatId: dept?.dept_group_chat_id ? String(dept.dept_group_chat_id) : undefined,
	};
}

/** Department ids whose name matches (POST /v1.0/contact/departments/search). */
export async function searchDepartmentIds(
	run: Lookups,
	queryWord: string,
	offset: number,
	size: number,
): Promise<{ deptIds: number[]; hasMore: boolean }> {
	const response = await dingTalkApiRequest<{ list?: number[]; hasMore?: boolean }>(run.api, {
		api: 'new',
		method: 'POST',
		path: '/v1.0/contact/departments/search',
		body: { queryWord, offset, size },
		idempotent: true,
	});
	return { deptIds: (response.list ?? []).map(Number), hasMore: response.hasMore === true };
}
