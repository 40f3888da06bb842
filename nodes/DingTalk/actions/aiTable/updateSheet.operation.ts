import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { sheetPath } from '../../helpers/notable/api';
import { sheetTarget } from './common.description';
import { requiredName } from './fieldSpec';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [
	...sheetTarget,
	{ displayName: 'New Name', name: 'newSheetName', type: 'string', default: '', required: true },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['updateSheet'] } },
	properties,
);

/** Renames a sheet (https://open.dingtalk.com/document/development/api-notable-updatesheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'PUT',
		tail: (sheet) => sheetPath(sheet!),
		body: (i) => ({ name: requiredName(this, i, 'newSheetName', 'New Name') }),
	});
}
