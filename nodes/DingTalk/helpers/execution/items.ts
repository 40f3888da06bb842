import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ContentProblem } from '../messages/content';

/**
 * Runs `fn` for every input item and collects its output, the way every DingTalk operation
 * needs it: pairedItem on each output item, and with "Continue On Fail" a failing item becomes
 * an error item (still paired) while the rest of the batch goes on.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await fn(i);
			output.push(
				...context.helpers.constructExecutionMetaData(context.helpers.returnJsonArray(result), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			if (context.continueOnFail()) {
				const description = (error as NodeApiError).description;
				output.push({
					json: { error: (error as Error).message, ...(description ? { description } : {}) },
					pairedItem: { item: i },
				});
				continue;
			}
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= i;
				// Same instance back: NodeApiError does not re-wrap itself.
				throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
			}
			if (error instanceof NodeOperationError) {
				error.context.itemIndex ??= i;
				throw new NodeOperationError(context.getNode(), error);
			}
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: i });
		}
	}
	return output;
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
