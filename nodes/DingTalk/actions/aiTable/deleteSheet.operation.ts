import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { sheetPath } from '../../helpers/notable/api';
import { sheetTarget } from './common.description';
import { runSheetCalls } from './sheetCalls';

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['deleteSheet'] } },
	[...sheetTarget] as INodeProperties[],
);

/** Deletes a sheet and its records (https://open.dingtalk.com/document/development/api-notable-deletesheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'DELETE',
		tail: (sheet) => sheetPath(sheet!),
		output: (answer, _i, sheet) => ({ sheet, deleted: answer.success === true }),
	});
}
