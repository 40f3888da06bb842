import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest, sheetPath } from '../../helpers/notable/api';
import { sheetFields } from '../../helpers/notable/fields';
import { readTarget } from '../../helpers/notable/target';
import { attachmentCells, columnValues, RECORD_ID_COLUMN, recordFields } from './columns';
import { attachmentsField, columnsField, sheetTarget, writeOptions } from './common.description';
import { runRecordWrites } from './writes';

const properties: INodeProperties[] = [
	...sheetTarget,
	columnsField('update'),
	attachmentsField,
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['updateRecord'] } },
	properties,
);

/**
 * Update records by ID (https://open.dingtalk.com/document/development/api-noatable-updaterecords):
 * the Record ID column names the record, the other columns its new values; 100 records a call.
 * Only the given fields change.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runRecordWrites(
		run,
		items,
		'update',
		async (i) => {
			const target = await readTarget(run, i);
			const values = columnValues(run, items, i);
			const recordId = String(values[RECORD_ID_COLUMN] ?? '').trim();
			if (!recordId)
				throw parameterError(
					this,
					i,
					'Columns',
					'No record ID given (column "id")',
					'Map the ID of the record to update into the Record ID column, e.g. {{ $json.id }} from Get Many Records.',
				);
			const sheet = await sheetFields(run, target, i);
			const fields = recordFields(run, i, sheet, values, target.sheet, [RECORD_ID_COLUMN]);
			return {
				itemIndex: i,
				target,
				recordId,
				fields: { ...fields, ...(await attachmentCells(run, i, target, sheet)) },
			};
		},
		async ({ target, jobs }) => {
			await notableRequest(run.api, {
				method: 'PUT',
				baseId: target.baseId,
				tail: sheetPath(target.sheet, 'records'),
				operatorId: target.operatorId,
				body: { records: jobs.map((job) => ({ id: job.recordId, fields: job.fields })) },
				itemIndex: jobs[0].itemIndex,
				// Writing the same values again changes nothing.
				idempotent: true,
			});
			return jobs.map((job) => ({ id: job.recordId, ...job.fields }));
		},
	);
}
