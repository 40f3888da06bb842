/**
 * AI Table (notable) calls: `/v1.0/notable/bases/{baseId}/…` on the new API with the operator's
 * unionId as `operatorId` (https://open.dingtalk.com/document/development/api-notable-listrecords).
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { dingTalkApiRequest, type ApiSession } from '../../transport';

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
