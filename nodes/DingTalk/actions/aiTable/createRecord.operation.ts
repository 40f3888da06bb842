import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest, sheetPath } from '../../helpers/notable/api';
import { sheetFields } from '../../helpers/notable/fields';
import { readTarget } from '../../helpers/notable/target';
import { attachmentCells, columnValues, recordFields } from './columns';
import { attachmentsField, columnsField, sheetTarget, writeOptions } from './common.description';
import { clientTokenFor, runRecordWrites } from './writes';

const properties: INodeProperties[] = [
	...sheetTarget,
	columnsField('add'),
	attachmentsField,
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['createRecord'] } },
	properties,
);

/**
 * Insert records (https://open.dingtalk.com/document/development/api-notable-insertrecords):
 * up to 100 items per call, each call with a clientToken so that a repeated call (after a 5xx,
 * a dropped connection or n8n's Retry On Fail) inserts nothing twice.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runRecordWrites(
		run,
		items,
		'create',
		async (i) => {
			const target = await readTarget(run, i);
			const fields = await sheetFields(run, target, i);
			const values = recordFields(run, i, fields, columnValues(run, items, i), target.sheet);
			return {
				itemIndex: i,
				target,
				fields: { ...values, ...(await attachmentCells(run, i, target, fields)) },
			};
		},
		async ({ id, target, jobs }) => {
			const answer = await notableRequest<{ value?: Array<{ id?: string }> }>(run.api, {
				method: 'POST',
				baseId: target.baseId,
				tail: sheetPath(target.sheet, 'records'),
				operatorId: target.operatorId,
				qs: { clientToken: clientTokenFor(run, id) },
				body: { records: jobs.map((job) => ({ fields: job.fields })) },
				itemIndex: jobs[0].itemIndex,
				// The clientToken makes a repeat harmless: DingTalk answers it without inserting.
				idempotent: true,
			});
			const ids = answer.value ?? [];
			return jobs.map((job, n) => ({ id: ids[n]?.id ?? null, ...job.fields }));
		},
	);
}
