import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { segment, sheetPath } from '../../helpers/notable/api';
import { fieldField, sheetTarget } from './common.description';
import { choicesField, fieldProperty, propertyField, requiredName } from './fieldSpec';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [
	...sheetTarget,
	fieldField,
	{
		displayName: 'New Name',
		name: 'newFieldName',
		type: 'string',
		default: '',
		required: true,
		description:
			"The field's name after the update (DingTalk requires one; repeat the old name to keep it)",
	},
	{
		...choicesField,
		description: 'For a select field: its choices, separated by commas (replaces the current ones)',
	},
	propertyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['updateField'] } },
	properties,
);

/** Renames a field or changes its properties (https://open.dingtalk.com/document/development/api-notable-updatefield). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'PUT',
		tail: (sheet, i) =>
			sheetPath(sheet!, `fields/${segment(requiredName(this, i, 'field', 'Field'))}`),
		body: (i) => {
			const choices = String(this.getNodeParameter('fieldChoices', i, '')).trim();
			const property = fieldProperty(this, i, choices ? 'singleSelect' : undefined);
			return {
				name: requiredName(this, i, 'newFieldName', 'New Name'),
				...(property ? { property } : {}),
			};
		},
	});
}
