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

import { editorOperator } from './parameters';
import { documentIdOf, locatorValue } from '../helpers/notable/target';
import { headerRow, workbookRequest, type WorkbookTarget } from '../helpers/workbook/sheet';
import type { ApiSession } from '../transport';

async function editorWorkbook(
	context: ILoadOptionsFunctions,
	sheet = '',
): Promise<{ api: ApiSession; target: WorkbookTarget }> {
	const raw = locatorValue(context.getNodeParameter('workbook', '')).trim();
	const workbookId = documentIdOf(raw);
	if (!workbookId)
		throw new NodeOperationError(context.getNode(), 'Enter the Workbook first', {
			description: "The sheet document's link (alidocs.dingtalk.com/i/nodes/…) or its ID.",
		});
	const { api, operatorId } = await editorOperator(context, 'a sheet document');
	return { api, target: { workbookId, sheet, operatorId } };
}

export async function searchWorkbookSheets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { api, target } = await editorWorkbook(this);
	const answer = await workbookRequest<{ value?: Array<{ id: string; name: string }> }>(
		api,
		target,
		'GET',
		'',
		0,
	);
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
	const sheet = locatorValue(this.getNodeParameter('worksheet', '')).trim();
	if (!sheet)
		throw new NodeOperationError(this.getNode(), 'Pick a sheet first', {
			description: 'The columns are the names in the header row of the sheet chosen in Sheet.',
		});
	const { api, target } = await editorWorkbook(this, sheet);
	const names = await headerRow(api, target);
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
