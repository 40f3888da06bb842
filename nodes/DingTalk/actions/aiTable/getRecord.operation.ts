import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest, segment, sheetPath } from '../../helpers/notable/api';
import { sheetFields } from '../../helpers/notable/fields';
import { readTarget } from '../../helpers/notable/target';
import { recordOutput } from './records';
import { sheetTarget, simplifyField } from './common.description';

const properties: INodeProperties[] = [
	...sheetTarget,
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 4Fg3BWLwF8',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getRecord'] } },
	properties,
);

/** One record by ID (https://open.dingtalk.com/document/development/api-notable-getrecord). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const target = await readTarget(run, i);
		const recordId = String(this.getNodeParameter('recordId', i, '')).trim();
		if (!recordId)
			throw parameterError(
				this,
				i,
				'Record ID',
				'No record ID given',
				'Map the ID of the record, e.g. {{ $json.id }} from Get Many Records.',
			);
		const record = await notableRequest<IDataObject>(run.api, {
			method: 'GET',
			baseId: target.baseId,
			tail: sheetPath(target.sheet, `records/${segment(recordId)}`),
			operatorId: target.operatorId,
			itemIndex: i,
		});
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return recordOutput(record, simplify ? await sheetFields(run, target, i) : undefined);
	});
}
