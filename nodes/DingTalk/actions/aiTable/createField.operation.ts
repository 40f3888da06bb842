import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { sheetPath } from '../../helpers/notable/api';
import { sheetTarget } from './common.description';
import { choicesField, FIELD_TYPES, fieldProperty, propertyField, requiredName } from './fieldSpec';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [
	...sheetTarget,
	{ displayName: 'Field Name', name: 'fieldName', type: 'string', default: '', required: true },
	{
		displayName: 'Field Type',
		name: 'fieldType',
		type: 'options',
		options: FIELD_TYPES,
		default: 'text',
	},
	{ ...choicesField, displayOptions: { show: { fieldType: ['singleSelect', 'multipleSelect'] } } },
	propertyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['createField'] } },
	properties,
);

/** A new field (https://open.dingtalk.com/document/development/api-notable-createfield). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, true, {
		method: 'POST',
		tail: (sheet) => sheetPath(sheet!, 'fields'),
		body: (i) => {
			const type = String(this.getNodeParameter('fieldType', i, 'text'));
			const property = fieldProperty(this, i, type);
			return {
				name: requiredName(this, i, 'fieldName', 'Field Name'),
				type,
				...(property ? { property } : {}),
			};
		},
	});
}
