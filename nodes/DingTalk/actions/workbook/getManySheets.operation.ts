import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { workbookTarget } from './common.description';
import { runWorkbookCalls } from './sheets';

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['getManySheets'] } },
	workbookTarget.filter((p) => p.name !== 'worksheet') as INodeProperties[],
);

/** The workbook's sheets, one item each (https://open.dingtalk.com/document/orgapp/obtain-all-worksheets). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runWorkbookCalls(this, items, run, {
		method: 'GET',
		withSheet: false,
		output: (answer) => (answer.value as IDataObject[] | undefined) ?? [],
	});
}
