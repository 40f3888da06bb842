import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { listRecords, notableRequest, sheetPath } from '../../helpers/notable/api';
import { fieldNamed, plainFields, sheetFields } from '../../helpers/notable/fields';
import { readTarget, type NotableTarget } from '../../helpers/notable/target';
import { attachmentCells, columnValues, recordFields } from './columns';
import { attachmentsField, columnsField, sheetTarget, writeOptions } from './common.description';
import {
	chunk,
	clientTokenFor,
	RECORDS_PER_CALL,
	runRecordWrites,
	type RecordBatch,
	type RecordJob,
} from './writes';

/** [INF] Key values looked up per list call (OR of equal conditions; DingTalk states no maximum). */
export const KEYS_PER_LOOKUP = 50;

const properties: INodeProperties[] = [
	...sheetTarget,
	columnsField('upsert'),
	attachmentsField,
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['upsertRecord'] } },
	properties,
);

/** The text a key value is compared by (DingTalk returns numbers as text). */
const keyText = (value: unknown): string =>
	value === undefined || value === null
		? ''
		: typeof value === 'object'
			? JSON.stringify(value)
			: String(value);

/** Groups jobs by key (first occurrence order) and packs whole groups into batches of ≤ 100 keys. */
function byKey(jobs: RecordJob[]): RecordJob[][] {
	const groups = new Map<string, RecordJob[]>();
	for (const job of jobs) groups.set(job.key!, [...(groups.get(job.key!) ?? []), job]);
	return chunk([...groups.values()], RECORDS_PER_CALL).map((part) => part.flat());
}

/** Record IDs by key value, for the keys of one batch. */
async function findByKey(
	run: RunContext,
	target: NotableTarget,
	keyField: string,
	keys: string[],
	itemIndex: number,
): Promise<Map<string, string[]>> {
	const fields = await sheetFields(run, target, itemIndex);
	const found = new Map<string, string[]>();
	for (const part of chunk(keys, KEYS_PER_LOOKUP)) {
		const records = await listRecords(
			run.api,
			target,
			{
				fieldIdOrNames: [keyField],
				filter: {
					combination: 'or',
					conditions: part.map((key) => ({ field: keyField, operator: 'equal', value: [key] })),
				},
			},
			itemIndex,
			(record) => record,
		);
		for (const record of records) {
			const key = keyText(plainFields(fields, record.fields as IDataObject)[keyField]);
			found.set(key, [...(found.get(key) ?? []), String(record.id)]);
		}
	}
	return found;
}

async function upsertBatch(
	run: RunContext,
	keyField: string,
	batch: RecordBatch,
): Promise<IDataObject[]> {
	const { target, jobs } = batch;
	const first = jobs[0].itemIndex;
	const merged = new Map<string, IDataObject>();
	for (const job of jobs) merged.set(job.key!, { ...merged.get(job.key!), ...job.fields });
	const existing = await findByKey(run, target, keyField, [...merged.keys()], first);
	const updates: Array<{ id: string; fields: IDataObject }> = [];
	const inserts: string[] = [];
	for (const [key, fields] of merged) {
		const ids = existing.get(key);
		if (ids) for (const id of ids) updates.push({ id, fields });
		else inserts.push(key);
	}
	for (const part of chunk(updates, RECORDS_PER_CALL)) {
		await notableRequest(run.api, {
			method: 'PUT',
			baseId: target.baseId,
			tail: sheetPath(target.sheet, 'records'),
			operatorId: target.operatorId,
			body: { records: part },
			itemIndex: first,
			idempotent: true,
		});
	}
	const created = new Map<string, string>();
	for (const [n, part] of chunk(inserts, RECORDS_PER_CALL).entries()) {
		const answer = await notableRequest<{ value?: Array<{ id?: string }> }>(run.api, {
			method: 'POST',
			baseId: target.baseId,
			tail: sheetPath(target.sheet, 'records'),
			operatorId: target.operatorId,
			qs: { clientToken: clientTokenFor(run, `${batch.id}:${n}`) },
			body: { records: part.map((key) => ({ fields: merged.get(key) })) },
			itemIndex: first,
			idempotent: true,
		});
		part.forEach((key, k) => created.set(key, String(answer.value?.[k]?.id ?? '')));
	}
	return jobs.map((job) => {
		const ids = existing.get(job.key!);
		return ids
			? {
					id: ids[0],
					...job.fields,
					...(ids.length > 1 ? { updatedIds: ids } : {}),
					upserted: 'updated',
				}
			: { id: created.get(job.key!) ?? null, ...job.fields, upserted: 'created' };
	});
}

/**
 * Create or update by a key field: the column chosen in Columns → "Columns to match on" finds the
 * record (list with an OR of equal conditions); found records are updated, the others inserted
 * (with a clientToken). Items with the same key are written once, later items' values winning.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runRecordWrites(
		run,
		items,
		'upsert',
		async (i) => {
			const target = await readTarget(run, i);
			const fields = await sheetFields(run, target, i);
			const matching = this.getNodeParameter('columns.matchingColumns', i, []) as string[];
			const field = matching[0] ? fieldNamed(fields, matching[0]) : undefined;
			if (!field)
				throw parameterError(
					this,
					i,
					'Columns',
					matching[0]
						? `Column to match on "${matching[0]}" is not a field of the sheet`
						: 'No column to match on',
					'Choose the key field in Columns → "Columns to match on" (a text or number field whose value identifies the record).',
				);
			const values = recordFields(run, i, fields, columnValues(run, items, i), target.sheet);
			const key = keyText(values[field.name]);
			if (!key)
				throw parameterError(
					this,
					i,
					'Columns',
					`No value for the key column "${field.name}"`,
					'Map the value that identifies the record into the key column.',
				);
			return {
				itemIndex: i,
				target,
				fields: { ...values, ...(await attachmentCells(run, i, target, fields)) },
				key,
				keyField: field.name,
			};
		},
		async (batch) => await upsertBatch(run, batch.jobs[0].keyField!, batch),
		byKey,
	);
}
