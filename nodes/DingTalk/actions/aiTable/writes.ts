/**
 * Record writes in bulk: every item is read and checked first (nothing is written if one is bad
 * and Continue On Fail is off), items with the same base, sheet and operator go into calls of
 * DingTalk's per-call maximum, calls run a few at a time (each waits for its endpoint's pacer),
 * and each item gets its own output item back. With n8n's Retry On Fail a call an earlier try
 * completed is not made again, and an insert repeats the clientToken it was first sent with, so
 * DingTalk does not insert its records twice.
 */
import { randomUUID } from 'crypto';
import type { IDataObject, INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { runPool } from '../../helpers/batching/pool';
import { itemError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { targetKey, type NotableTarget } from '../../helpers/notable/target';

/** [INF] Records per insert / update, recordIds per delete (see docs/dingtalk-api-notes.md). */
export const RECORDS_PER_CALL = 100;

/** Calls in flight at once; the pacer keeps them within the quota DingTalk reveals. */
export const CALLS_IN_FLIGHT = 8;

export interface RecordJob {
	itemIndex: number;
	target: NotableTarget;
	/** Fields to write, in DingTalk's record value format. */
	fields: IDataObject;
	recordId?: string;
	/** Upsert: the key field's value, and the key field (by name, in this job's sheet). */
	key?: string;
	keyField?: string;
}

/** One call's worth of jobs with the same target; `id` names it across Retry On Fail tries. */
export interface RecordBatch {
	id: string;
	target: NotableTarget;
	jobs: RecordJob[];
}

/** Splits a list into pieces of at most `size`. */
export function chunk<T>(list: T[], size: number): T[][] {
	const pieces: T[][] = [];
	for (let i = 0; i < list.length; i += size) pieces.push(list.slice(i, i + size));
	return pieces;
}

/**
 * The clientToken of one insert: a UUID v4 (as DingTalk requires), made once per node run and
 * batch and kept in the Retry On Fail ledger, so every retry of that insert repeats it.
 */
export function clientTokenFor(run: RunContext, batchId: string): string {
	const ledger = run.retryLedger<string>();
	const key = `aiTable:clientToken:${batchId}`;
	let token = ledger.get(key);
	if (!token) {
		token = randomUUID();
		ledger.set(key, token);
	}
	return token;
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as NodeOperationError).description;
	return {
		json: { error: error.message, ...(description ? { description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/**
 * Reads every item with `prepare`, groups the jobs by target into batches (`batches` decides how:
 * by default RECORDS_PER_CALL jobs each), runs `write` per batch and outputs, per item, what
 * `write` returned for its job (in the batch's job order).
 */
export async function runRecordWrites(
	run: RunContext,
	items: INodeExecutionData[],
	operation: string,
	prepare: (itemIndex: number) => Promise<RecordJob>,
	write: (batch: RecordBatch) => Promise<IDataObject[]>,
	batches: (jobs: RecordJob[]) => RecordJob[][] = (jobs) => chunk(jobs, RECORDS_PER_CALL),
): Promise<INodeExecutionData[]> {
	const { context } = run;
	const continueOnFail = context.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const groups = new Map<string, RecordJob[]>();
	for (let i = 0; i < items.length; i++) {
		try {
			const job = await prepare(i);
			const key = targetKey(job.target);
			const group = groups.get(key) ?? [];
			group.push(job);
			groups.set(key, group);
		} catch (error) {
			const wrapped = itemError(context, error, i);
			if (!continueOnFail) throw wrapped;
			results[i] = errorItem(wrapped, i);
		}
	}
	const all: RecordBatch[] = [];
	for (const jobs of groups.values()) {
		for (const part of batches(jobs)) {
			all.push({
				id: `${operation}:${part.map((job) => job.itemIndex).join(',')}`,
				target: part[0].target,
				jobs: part,
			});
		}
	}
	const ledger = run.retryLedger<IDataObject[]>();
	const failures: Array<{ itemIndex: number; error: Error }> = [];
	const tasks = all.map((batch) => async () => {
		try {
			const ledgerKey = `aiTable:done:${batch.id}`;
			let done = ledger.get(ledgerKey);
			if (!done) {
				done = await write(batch);
				ledger.set(ledgerKey, done);
			}
			const outputs = done;
			batch.jobs.forEach((job, n) => {
				results[job.itemIndex] = { json: outputs[n], pairedItem: { item: job.itemIndex } };
			});
		} catch (error) {
			const first = batch.jobs[0].itemIndex;
			const wrapped = itemError(context, error, first);
			if (!continueOnFail) {
				failures.push({ itemIndex: first, error: wrapped });
				return;
			}
			for (const job of batch.jobs) results[job.itemIndex] = errorItem(wrapped, job.itemIndex);
		}
	});
	await runPool(tasks, CALLS_IN_FLIGHT, () => failures.length > 0);
	if (failures.length > 0) {
		failures.sort((a, b) => a.itemIndex - b.itemIndex);
		throw failures[0].error;
	}
	return results.filter((result): result is INodeExecutionData => result !== undefined);
}
