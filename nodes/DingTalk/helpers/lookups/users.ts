/**
 * Contacts on the old API (https://open.dingtalk.com/document/orgapp/query-user-details): userId → user (with unionId), mobile → userId.
 * Lookups are cached per execution, so a unionId is fetched once per user however many items
 * (or Drive operations, which want unionIds) need it.
 */
import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequest } from '../../transport';
import type { Lookups } from './lookups';

function cached(run: Lookups, key: string, load: () => Promise<IDataObject>): Promise<IDataObject> {
	const entries = run.users;
	let entry = entries.get(key);
	if (!entry) {
		entry = load();
		entries.set(key, entry);
		entry.catch(() => entries.delete(key));
	}
	return entry;
}

/** The `result` of an old-API (oapi) read, undefined when DingTalk sent none. */
export async function oldApiResult<T = IDataObject>(
	run: Lookups,
	path: string,
	body: IDataObject,
	itemIndex?: number,
): Promise<T | undefined> {
	const response = await dingTalkApiRequest<{ result?: T }>(run.api, {
		api: 'old',
		method: 'POST',
		path,
		body,
		itemIndex,
		idempotent: true,
	});
	return response.result;
}

/** Keeps a user record read in passing (a department list): no user/get for them later. */
export function rememberUser(run: Lookups, user: IDataObject): void {
	const key = `user:${String(user.userid)}`;
	if (!run.users.has(key)) run.users.set(key, Promise.resolve(user));
}

/** The full user record for a userId (unionid included). */
export async function getUser(
	run: Lookups,
	itemIndex: number,
	userId: string,
): Promise<IDataObject> {
	return await cached(
		run,
		`user:${userId}`,
		async () =>
			(await oldApiResult(
				run,
				'/topapi/v2/user/get',
				{ userid: userId, language: 'zh_CN' },
				itemIndex,
			)) ?? {},
	);
}

/** unionId for a userId (storage and convFile APIs want unionIds). */
export async function unionIdOf(run: Lookups, itemIndex: number, userId: string): Promise<string> {
	const user = await getUser(run, itemIndex, userId);
	return String(user.unionid ?? user.union_id ?? '');
}

export async function userIdByMobile(
	run: Lookups,
	itemIndex: number,
	mobile: string,
): Promise<IDataObject> {
	return await cached(
		run,
		`mobile:${mobile}`,
		async () =>
			(await oldApiResult(
				run,
				'/topapi/v2/user/getbymobile',
				{ mobile, support_exclusive_account_search: true },
				itemIndex,
			)) ?? {},
	);
}

/**
 * unionIds for a list of userIds, in order (new-API products — to-dos, calendar, approvals —
 * name people by unionId). A userId DingTalk does not know fails with its own 60121 error.
 */
export async function unionIdsOf(
	run: Lookups,
	itemIndex: number,
	userIds: string[],
): Promise<string[]> {
	return await Promise.all(userIds.map(async (userId) => await unionIdOf(run, itemIndex, userId)));
}
