import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { workbookTarget } from './common.description';
import { runWorkbookCalls, sheetName } from './sheets';

const properties: INodeProperties[] = [
	...workbookTarget.filter((p) => p.name !== 'worksheet'),
	{ displayName: 'Sheet Name', name: 'sheetName', type: 'string', default: '', required: true },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['createSheet'] } },
	properties,
);

/** A new sheet (https://open.dingtalk.com/document/orgapp/create-worksheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runWorkbookCalls(this, items, run, {
		method: 'POST',
		withSheet: false,
		body: (i) => ({ name: sheetName(this, i) }),
		output: (answer) => answer,
	});
}
