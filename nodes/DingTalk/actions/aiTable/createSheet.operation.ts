import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { baseLocator, operatorFields } from './common.description';
import { FIELD_TYPES, requiredName } from './fieldSpec';
import { runSheetCalls } from './sheetCalls';

const properties: INodeProperties[] = [
	baseLocator,
	...operatorFields,
	{
		displayName: 'Sheet Name',
		name: 'sheetName',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Fields',
		name: 'sheetFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add field',
		default: {},
		description: 'The fields of the new sheet; the first is its primary field',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: FIELD_TYPES,
						default: 'text',
					},
					{
						displayName: 'Options',
						name: 'choices',
						type: 'string',
						default: '',
						placeholder: 'e.g. Todo, Doing, Done',
						description: 'The choices of a select field, separated by commas',
						displayOptions: { show: { type: ['singleSelect', 'multipleSelect'] } },
					},
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['createSheet'] } },
	properties,
);

/** A new sheet (https://open.dingtalk.com/document/development/api-notable-createsheet). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runSheetCalls(this, items, run, false, {
		method: 'POST',
		tail: () => 'sheets',
		body: (i) => {
			const name = requiredName(this, i, 'sheetName', 'Sheet Name');
			const fields = (this.getNodeParameter('sheetFields.field', i, []) as IDataObject[]).map(
				(field, n) => {
					const fieldName = String(field.name ?? '').trim();
					if (!fieldName)
						throw parameterError(
							this,
							i,
							'Fields',
							`Field ${n + 1} has no name`,
							'Give every field a name.',
						);
					const choices = String(field.choices ?? '')
						.split(',')
						.map((choice) => choice.trim())
						.filter(Boolean);
					const select = field.type === 'singleSelect' || field.type === 'multipleSelect';
					return {
						name: fieldName,
						type: field.type,
						...(select && choices.length
							? { property: { choices: choices.map((c) => ({ name: c })) } }
							: {}),
					};
				},
			);
			return { name, ...(fields.length ? { fields } : {}) };
		},
	});
}
