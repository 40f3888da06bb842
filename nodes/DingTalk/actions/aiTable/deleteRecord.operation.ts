import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest, sheetPath } from '../../helpers/notable/api';
import { readTarget } from '../../helpers/notable/target';
import { sheetTarget } from './common.description';
import { runRecordWrites } from './writes';

const properties: INodeProperties[] = [
	...sheetTarget,
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 4Fg3BWLwF8',
		description: 'The record to delete; items are deleted 100 per call',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['deleteRecord'] } },
	properties,
);

/** Delete records (https://open.dingtalk.com/document/development/api-notable-deleterecords), 100 a call. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runRecordWrites(
		run,
		items,
		'delete',
		async (i) => {
			const target = await readTarget(run, i);
			const recordId = String(this.getNodeParameter('recordId', i, '')).trim();
			if (!recordId)
				throw parameterError(
					this,
					i,
					'Record ID',
					'No record ID given',
					'Map the ID of the record to delete, e.g. {{ $json.id }} from Get Many Records.',
				);
			return { itemIndex: i, target, recordId, fields: {} };
		},
		async ({ target, jobs }) => {
			await notableRequest(run.api, {
				method: 'POST',
				baseId: target.baseId,
				tail: sheetPath(target.sheet, 'records/delete'),
				operatorId: target.operatorId,
				body: { recordIds: [...new Set(jobs.map((job) => job.recordId))] },
				itemIndex: jobs[0].itemIndex,
			});
			return jobs.map((job) => ({ id: job.recordId, deleted: true }));
		},
	);
}
