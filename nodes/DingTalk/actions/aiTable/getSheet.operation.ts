import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { sheetPath } from '../../helpers/notable/api';
import { sheetTarget } from './common.description';
import { runSheetCalls } from './sheetCalls';

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getSheet'] } },
	[...sheetTarget] as INodeProperties[],
);

/** A sheet's ID and name by ID or name (https://open.dingtalk.com/document/development/api-notable-getsheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'GET',
		tail: (sheet) => sheetPath(sheet!),
	});
}
