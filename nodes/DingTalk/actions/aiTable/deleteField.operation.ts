import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { segment, sheetPath } from '../../helpers/notable/api';
import { fieldField, sheetTarget } from './common.description';
import { requiredName } from './fieldSpec';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [...sheetTarget, fieldField];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['deleteField'] } },
	properties,
);

/** Deletes a field and its values (https://open.dingtalk.com/document/development/api-noatable-deletefield). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'DELETE',
		tail: (sheet, i) =>
			sheetPath(sheet!, `fields/${segment(requiredName(this, i, 'field', 'Field'))}`),
		output: (answer, i) => ({
			field: String(this.getNodeParameter('field', i, '')),
			deleted: answer.success === true,
		}),
	});
}
