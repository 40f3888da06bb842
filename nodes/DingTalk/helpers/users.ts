/**
 * Contacts on the old API (dingtalk-api.md §7): userId → user (with unionId), mobile → userId.
 * Lookups are cached per execution, so a unionId is fetched once per user however many items
 * (or Drive operations, which want unionIds) need it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dingTalkApiRequest, type DingTalkRequest } from '../transport';

const cache = new WeakMap<object, Map<string, Promise<IDataObject>>>();

function cached(context: IExecuteFunctions, key: string, load: () => Promise<IDataObject>): Promise<IDataObject> {
	let entries = cache.get(context);
	if (!entries) {
		entries = new Map();
		cache.set(context, entries);
	}
	let entry = entries.get(key);
	if (!entry) {
		entry = load();
		entries.set(key, entry);
		entry.catch(() => entries!.delete(key));
	}
	return entry;
}

async function oldApiResult(context: IExecuteFunctions, path: string, body: IDataObject, itemIndex: number): Promise<IDataObject> {
	const response = await dingTalkApiRequest.call<IExecuteFunctions, [DingTalkRequest], Promise<{ result?: IDataObject }>>(context, {
		api: 'old',
		method: 'POST',
		path,
		body,
		itemIndex,
		idempotent: true,
	});
	return response.result ?? {};
}

/** The full user record for a userId (unionid included). */
export async function getUser(context: IExecuteFunctions, itemIndex: number, userId: string): Promise<IDataObject> {
	return await cached(context, `user:${userId}`, async () => await oldApiResult(context, '/topapi/v2/user/get', { userid: userId, language: 'zh_CN' }, itemIndex));
}

/** unionId for a userId (storage and convFile APIs want unionIds). */
export async function unionIdOf(context: IExecuteFunctions, itemIndex: number, userId: string): Promise<string> {
	const user = await getUser(context, itemIndex, userId);
	return String(user.unionid ?? user.union_id ?? '');
}

export async function userIdByMobile(context: IExecuteFunctions, itemIndex: number, mobile: string): Promise<IDataObject> {
	return await cached(
		context,
		`mobile:${mobile}`,
		async () => await oldApiResult(context, '/topapi/v2/user/getbymobile', { mobile, support_exclusive_account_search: true }, itemIndex),
	);
}
