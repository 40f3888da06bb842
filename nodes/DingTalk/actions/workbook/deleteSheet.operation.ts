import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { workbookTarget } from './common.description';
import { runWorkbookCalls } from './sheets';

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['deleteSheet'] } },
	workbookTarget,
);

/** Deletes a sheet (https://open.dingtalk.com/document/orgapp/delete-worksheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runWorkbookCalls(this, items, run, {
		method: 'DELETE',
		withSheet: true,
		output: (_answer, _i, sheet) => ({ sheet, deleted: true }),
	});
}
