/**
 * What the editor asks of a Sheets workbook: its sheets (Sheet → From List) and the columns of
 * Append Rows (the sheet's header row), each asked as the operator.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unionIdOf } from '../helpers/lookups/users';
import { locatorValue } from '../helpers/notable/target';
import { columnLetters } from '../helpers/workbook/sheet';
import { dingTalkApiRequest, ApiSession } from '../transport';

interface EditorWorkbook {
	api: ApiSession;
	workbookId: string;
	operatorId: string;
}

async function editorWorkbook(context: ILoadOptionsFunctions): Promise<EditorWorkbook> {
	const raw = locatorValue(context.getNodeParameter('workbook', '')).trim();
	const workbookId = /\/nodes\/([A-Za-z0-9_-]{6,})/.exec(raw)?.[1] ?? raw;
	const id = String(context.getNodeParameter('operatorId', '')).trim();
	if (!workbookId || !id)
		throw new NodeOperationError(
			context.getNode(),
			'Enter the Workbook and the Operator ID first',
			{
				description: 'DingTalk shows a workbook only to a person who can open the document.',
			},
		);
	const api = new ApiSession(context);
	const operatorId =
		context.getNodeParameter('operatorIdType', 'userId') === 'unionId'
			? id
			: await unionIdOf({ api, users: new Map() }, 0, id);
	return { api, workbookId, operatorId };
}

async function workbookGet<T>(target: EditorWorkbook, tail: string): Promise<T> {
	return await dingTalkApiRequest<T>(target.api, {
		api: 'new',
		method: 'GET',
		path: `/v1.0/doc/workbooks/${encodeURIComponent(target.workbookId)}/sheets${tail}`,
		qs: { operatorId: target.operatorId },
		idempotent: true,
	});
}

export async function searchWorkbookSheets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const target = await editorWorkbook(this);
	const answer = await workbookGet<{ value?: Array<{ id: string; name: string }> }>(target, '');
	const wanted = (filter ?? '').toLowerCase();
	return {
		results: (answer.value ?? [])
			.filter((sheet) => !wanted || sheet.name.toLowerCase().includes(wanted))
			.map((sheet) => ({ name: sheet.name, value: sheet.id })),
	};
}

/** Columns of Append Rows: the names in the sheet's header row (row 1), as text. */
export async function getWorkbookColumns(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const target = await editorWorkbook(this);
	const sheet = locatorValue(this.getNodeParameter('worksheet', '')).trim();
	if (!sheet)
		throw new NodeOperationError(this.getNode(), 'Pick a sheet first', {
			description: 'The columns are the names in the header row of the sheet chosen in Sheet.',
		});
	const path = `/${encodeURIComponent(sheet)}`;
	const info = await workbookGet<{ lastNonEmptyColumn?: number }>(target, path);
	const last = Number(info.lastNonEmptyColumn ?? -1);
	if (last < 0) return { fields: [] };
	const header = await workbookGet<{ values?: unknown[][] }>(
		target,
		`${path}/ranges/A1:${columnLetters(last)}1`,
	);
	const names = (header.values?.[0] ?? []).map((cell) => String(cell ?? '').trim());
	return {
		fields: [...new Set(names.filter(Boolean))].map((name) => ({
			id: name,
			displayName: name,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
	};
}
