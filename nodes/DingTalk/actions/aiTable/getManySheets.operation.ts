import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { baseLocator, operatorFields } from './common.description';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [baseLocator, ...operatorFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getManySheets'] } },
	properties,
);

/** The base's sheets, one item each (https://open.dingtalk.com/document/development/api-notable-getallsheets). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, false, {
		method: 'GET',
		tail: () => 'sheets',
		output: (answer) => (answer.value as IDataObject[] | undefined) ?? [],
	});
}
