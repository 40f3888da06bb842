import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem, readLimit } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { listRecords } from '../../helpers/notable/api';
import { sheetFields } from '../../helpers/notable/fields';
import { readTarget } from '../../helpers/notable/target';
import { sheetTarget, simplifyField } from './common.description';
import { FILTER_OPERATORS, readFilter, readSort, recordOutput, sortRecords } from './records';
import { returnAllFields } from '../common.description';

const fieldOption: INodeProperties = {
	displayName: 'Field Name or ID',
	name: 'field',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAiTableFields', loadOptionsDependsOn: ['sheet.value'] },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

const properties: INodeProperties[] = [
	...sheetTarget,
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add condition',
		default: {},
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					fieldOption,
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: FILTER_OPERATORS,
						default: 'equal',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'For options, people and departments, several values separated by commas (unionIds for people)',
						displayOptions: { hide: { operator: ['empty', 'notEmpty'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combination',
		type: 'options',
		options: [
			{ name: 'AND (All Must Match)', value: 'and' },
			{ name: 'OR (Any May Match)', value: 'or' },
		],
		default: 'and',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add sort rule',
		default: {},
		description: "Sorted in n8n after reading (DingTalk's list API does not sort)",
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					fieldOption,
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
						],
						default: 'asc',
					},
				],
			},
		],
	},
	{
		displayName: 'Output Fields',
		name: 'outputFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. Title, Status',
		description: 'Fields to return, separated by commas (at most 100); empty returns every field',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getManyRecords'] } },
	properties,
);

/**
 * Records of a sheet, filtered (https://open.dingtalk.com/document/development/api-notable-listrecords):
 * read 100 a page to the end (or up to Limit); sorted here when Sort is set.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const target = await readTarget(run, i);
		const fields = await sheetFields(run, target, i);
		const filter = readFilter(this, i, fields);
		const sort = readSort(this, i, fields);
		const limit = readLimit(this, i, 'records');
		const names = String(this.getNodeParameter('outputFields', i, ''))
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		if (names.length > 100)
			throw parameterError(
				this,
				i,
				'Output Fields',
				`${names.length} fields listed`,
				'List at most 100 fields (DingTalk returns at most 100 per record), or none for all.',
			);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		// Sorted results need every matching record first: the limit applies after the sort.
		const reading = sort.length ? Infinity : limit;
		const records = await listRecords(
			run.api,
			target,
			{ ...(filter ? { filter } : {}), ...(names.length ? { fieldIdOrNames: names } : {}) },
			i,
			(record) => recordOutput(record, simplify ? fields : undefined),
			reading,
		);
		const sorted = sortRecords(records, sort);
		return limit === Infinity ? sorted : sorted.slice(0, limit);
	});
}
