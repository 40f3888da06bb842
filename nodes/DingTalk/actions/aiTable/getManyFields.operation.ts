import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { sheetPath } from '../../helpers/notable/api';
import { sheetTarget } from './common.description';
import { runSheetCalls } from './sheetCalls';

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getManyFields'] } },
	[...sheetTarget] as INodeProperties[],
);

/** A sheet's fields with type and properties, one item each (https://open.dingtalk.com/document/development/api-notable-getallfields). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'GET',
		tail: (sheet) => sheetPath(sheet!, 'fields'),
		output: (answer) => (answer.value as IDataObject[] | undefined) ?? [],
	});
}
