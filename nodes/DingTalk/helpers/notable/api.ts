/**
 * AI Table (notable) calls: `/v1.0/notable/bases/{baseId}/…` on the new API with the operator's
 * unionId as `operatorId` (https://open.dingtalk.com/document/development/api-notable-listrecords).
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { dingTalkApiRequest, type ApiSession } from '../../transport';
import { collectPages } from '../execution/paging';
import type { NotableTarget } from './target';

export interface NotableCall {
	method: IHttpRequestMethods;
	baseId: string;
	/** Below the base: `sheets`, `sheets/{sheet}/records` … (segments already encoded). */
	tail: string;
	operatorId: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Safe to repeat after a 5xx or a dropped connection (reads, updates, inserts with a clientToken). */
	idempotent?: boolean;
}

/** One path segment (a sheet or field may be given by its name, which can hold any character). */
export const segment = (value: string): string => encodeURIComponent(value);

/** `sheets/{sheet}` plus an optional rest. */
export const sheetPath = (sheet: string, rest = ''): string =>
	`sheets/${segment(sheet)}${rest ? `/${rest}` : ''}`;

export async function notableRequest<T = IDataObject>(
	api: ApiSession,
	call: NotableCall,
): Promise<T> {
	return await dingTalkApiRequest<T>(api, {
		api: 'new',
		method: call.method,
		path: `/v1.0/notable/bases/${segment(call.baseId)}/${call.tail}`,
		qs: { ...call.qs, operatorId: call.operatorId },
		body: call.body,
		itemIndex: call.itemIndex,
		idempotent: call.idempotent ?? call.method === 'GET',
	});
}

/** Documented: records/list takes maxResults 1..100. */
export const RECORDS_PAGE = 100;

/**
 * Lists a sheet's records (https://open.dingtalk.com/document/development/api-notable-listrecords)
 * page by page up to `limit`, each page converted by `convert` as it arrives (DingTalk's raw page
 * is dropped before the next one). `body` holds the filter and field names; a repeated page token
 * ends the walk (collectPages).
 */
export async function listRecords<T>(
	api: ApiSession,
	target: NotableTarget,
	body: IDataObject,
	itemIndex: number,
	convert: (record: IDataObject) => T,
	limit = Infinity,
): Promise<T[]> {
	let read = 0;
	return await collectPages<T>(async (nextToken) => {
		const page = await notableRequest<{
			records?: IDataObject[];
			hasMore?: boolean;
			nextToken?: string;
		}>(api, {
			method: 'POST',
			baseId: target.baseId,
			tail: sheetPath(target.sheet, 'records/list'),
			operatorId: target.operatorId,
			body: {
				...body,
				maxResults: Math.min(RECORDS_PAGE, limit - read),
				...(nextToken ? { nextToken } : {}),
			},
			itemIndex,
			idempotent: true,
		});
		const entries = (page.records ?? []).map(convert);
		read += entries.length;
		return { entries, next: page.hasMore ? page.nextToken : undefined };
	}, limit);
}
