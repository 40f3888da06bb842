import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPool, Turns } from '../batching/pool';
import type { ContentProblem } from '../messages/content';

export interface PerItemOptions {
	/** Items worked on at the same time (default 1: one after another). */
	concurrency?: number;
	/**
	 * The Retry On Fail ledger (RunContext.retryLedger): an item an earlier try of this node run
	 * completed gives the output it gave then instead of being done again.
	 */
	ledger?: Map<string, IDataObject | IDataObject[]>;
}

/** The error `runPerItem` throws for item `itemIndex` when the node does not continue on fail. */
export function itemError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError) {
		error.context.itemIndex ??= itemIndex;
		// Same instance back: NodeApiError does not re-wrap itself.
		return new NodeApiError(context.getNode(), error as unknown as JsonObject);
	}
	if (error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return new NodeOperationError(context.getNode(), error);
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * Runs `fn` for every input item and collects its output, the way every DingTalk operation
 * needs it: output in input order with pairedItem on each output item, and with "Continue On
 * Fail" a failing item becomes an error item (still paired) while the rest of the batch goes on.
 * Up to `concurrency` items run at once (started in input order; each call still waits for its
 * endpoint's pacer). `turn()` waits until every earlier item is through, for a step that must
 * happen in input order (a file posted to a chat). Without Continue On Fail no item starts after
 * one failed; the items already running finish, and the error of the first failed item (in input
 * order) is thrown.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number, turn: () => Promise<void>) => Promise<IDataObject | IDataObject[]>,
	options: PerItemOptions = {},
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const outputs: INodeExecutionData[][] = [];
	const failures = new Map<number, unknown>();
	const turns = new Turns(items.length);
	const tasks = items.map((_, i) => async () => {
		try {
			const key = `item\u0000${i}`;
			let result = options.ledger?.get(key);
			if (result === undefined) {
				result = await fn(i, async () => await turns.wait(i));
				options.ledger?.set(key, result);
			}
			outputs[i] = context.helpers.constructExecutionMetaData(
				context.helpers.returnJsonArray(result),
				{ itemData: { item: i } },
			);
		} catch (error) {
			if (!continueOnFail) {
				failures.set(i, error);
				return;
			}
			const description = (error as NodeApiError).description;
			outputs[i] = [
				{
					json: { error: (error as Error).message, ...(description ? { description } : {}) },
					pairedItem: { item: i },
				},
			];
		} finally {
			turns.done(i);
		}
	});
	await runPool(tasks, options.concurrency ?? 1, () => failures.size > 0);
	if (failures.size > 0) {
		const first = Math.min(...failures.keys());
		throw itemError(context, failures.get(first), first);
	}
	return outputs.flat();
}

/**
 * Runs `fn` for each of an item's entries (task IDs, message keys), one DingTalk call each. A
 * failure names its entry (`[task 123]`); with Continue On Fail it becomes that entry's error
 * (`{ [field]: entry, error }`) and the other entries go on.
 */
export async function forEachEntry(
	context: IExecuteFunctions,
	entries: string[],
	name: { field: string; label: string },
	fn: (entry: string) => Promise<IDataObject>,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	for (const entry of entries) {
		try {
			results.push(await fn(entry));
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(context.getNode(), caught as Error);
			if (entries.length > 1) error.message = `${error.message} [${name.label} ${entry}]`;
			if (!context.continueOnFail()) throw error;
			const description = error.description;
			results.push({
				[name.field]: entry,
				error: error.message,
				...(description ? { description } : {}),
			});
		}
	}
	return results;
}

/** A NodeOperationError for a bad parameter: names the parameter and the item, says how to fix it. */
export function parameterError(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`${problem} in parameter "${parameter}" [item ${itemIndex}]`,
		{
			itemIndex,
			description: fix,
		},
	);
}

/** parameterError for a problem a content builder found (the parameter at fault, what, how to fix). */
export function problemError(
	context: IExecuteFunctions,
	itemIndex: number,
	problem: ContentProblem,
): NodeOperationError {
	return parameterError(context, itemIndex, problem.parameter, problem.problem, problem.fix);
}

/**
 * How many results an item asks for (Return All + Limit): Infinity with Return All, else the
 * Limit, which must be a whole number of 1 or more (a mapped 0, text or fraction is an item error,
 * never "everything" or "nothing").
 */
export function readLimit(context: IExecuteFunctions, itemIndex: number, what: string): number {
	if (context.getNodeParameter('returnAll', itemIndex, false)) return Infinity;
	const raw = context.getNodeParameter('limit', itemIndex, 50);
	const limit = Number(raw);
	if (!Number.isInteger(limit) || limit < 1)
		throw parameterError(
			context,
			itemIndex,
			'Limit',
			`Limit "${String(raw).slice(0, 80)}" is not a whole number of 1 or more`,
			`Enter how many ${what} to return, or turn on Return All.`,
		);
	return limit;
}

/** A required text value, trimmed; a parameter error names `displayName` when it is empty. */
export function requiredText(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	displayName: string,
	fix: string,
): string {
	const text = String(value ?? '').trim();
	if (!text) throw parameterError(context, itemIndex, displayName, `No ${displayName} given`, fix);
	return text;
}

/** The required text parameter `name`, trimmed (requiredText). */
export function requiredParameter(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	displayName: string,
	fix: string,
): string {
	return requiredText(
		context,
		itemIndex,
		context.getNodeParameter(name, itemIndex, ''),
		displayName,
		fix,
	);
}
