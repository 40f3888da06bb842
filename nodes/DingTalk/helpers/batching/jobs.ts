/**
 * The item handling around sendInBatches, shared by the operations that combine items: read and
 * check every item before anything is sent, then turn per-item outcomes into output items (or
 * the error to throw), keeping pairedItem and Continue On Fail semantics.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchJob, ItemOutcome } from './pool';

export interface PreparedItems<P> {
	jobs: Array<BatchJob<P>>;
	/** Output slots by item index; failed items are filled already. */
	results: Array<INodeExecutionData | undefined>;
}

function errorItem(error: Error, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const description = (error as NodeOperationError).description;
	return {
		json: { error: error.message, description: description ?? null, ...extra },
		pairedItem: { item: itemIndex },
	};
}

export async function prepareJobs<P>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => Promise<BatchJob<P>>,
): Promise<PreparedItems<P>> {
	const continueOnFail = context.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const jobs: Array<BatchJob<P>> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			jobs.push(await prepare(i));
		} catch (error) {
			if (!continueOnFail) {
				if (error instanceof NodeApiError)
					throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: i });
			}
			results[i] = errorItem(error as Error, i);
		}
	}
	return { jobs, results };
}

export interface OutputOptions<P> {
	/** The output JSON of an item whose sends all succeeded. */
	success: (job: BatchJob<P>, outcome: ItemOutcome) => IDataObject;
	/** What an error item (and a thrown error's context) should carry besides the message. */
	failure: (job: BatchJob<P>, outcome: ItemOutcome) => IDataObject;
	/** Extra sentence for the error description, e.g. who already received the message. */
	partial?: (job: BatchJob<P>, outcome: ItemOutcome) => string | undefined;
	/**
	 * For an item whose calls succeeded but whose message reached none of its recipients: the error
	 * it fails with (its error item, under Continue On Fail, still carries the success output).
	 */
	undelivered?: (job: BatchJob<P>, outcome: ItemOutcome) => NodeOperationError | undefined;
}

/**
 * The error for an item whose message reached none of its recipients: DingTalk accepted the call
 * but listed every user as invalid (无效的用户ID列表) or flow-controlled (被限流的用户ID列表).
 * https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches
 */
export function nobodyReachedError(
	context: IExecuteFunctions,
	itemIndex: number,
	what: string,
	invalid: string[],
	flowControlled: string[],
): NodeOperationError {
	const parts: string[] = [];
	if (invalid.length)
		parts.push(
			`DingTalk reported ${invalid.length === 1 ? 'the user ID' : 'the user IDs'} ${invalid.join(', ')} as invalid`,
		);
	if (flowControlled.length)
		parts.push(`skipped ${flowControlled.join(', ')} for flow control (被限流)`);
	const checks: string[] = [];
	if (invalid.length) {
		checks.push(
			"Check that each ID is a userId (用户ID) of your organisation, not a unionId, mobile number or name (User → Get by Mobile finds it), and that the users are inside the app's visible range (可见范围: developer console → your app → Version Management & Release).",
		);
	}
	if (flowControlled.length) checks.push('Send to the flow-controlled users again later.');
	return new NodeOperationError(
		context.getNode(),
		`${what} reached nobody: ${parts.join('; ')} [item ${itemIndex}]`,
		{
			itemIndex,
			description: checks.join(' '),
		},
	);
}

/** For an item that failed after some of its users got the message: who already has it. */
export function alreadySentNote<P>(job: BatchJob<P>, outcome: ItemOutcome): string | undefined {
	if (job.recipients[0] === '*' || outcome.sent.length === 0) return undefined;
	return `Already sent before this failure to ${outcome.sent.length} of ${job.recipients.length} users of this item: ${outcome.sent.join(', ')}.`;
}

export function batchOutputs<P>(
	context: IExecuteFunctions,
	prepared: PreparedItems<P>,
	outcomes: Map<number, ItemOutcome>,
	output: OutputOptions<P>,
): INodeExecutionData[] {
	const { jobs, results } = prepared;
	for (const job of jobs) {
		const outcome = outcomes.get(job.itemIndex)!;
		if (!outcome.error) {
			const json = output.success(job, outcome);
			const undelivered = output.undelivered?.(job, outcome);
			if (undelivered) {
				if (!context.continueOnFail()) throw undelivered;
				results[job.itemIndex] = errorItem(undelivered, job.itemIndex, json);
				continue;
			}
			results[job.itemIndex] = { json, pairedItem: { item: job.itemIndex } };
			continue;
		}
		const error = outcome.error as NodeApiError;
		const partial = output.partial?.(job, outcome);
		if (partial) error.description = `${error.description ?? ''} ${partial}`.trim();
		const extra = output.failure(job, outcome);
		if (!context.continueOnFail()) {
			Object.assign(error.context, extra, { itemIndex: job.itemIndex });
			throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
		}
		results[job.itemIndex] = errorItem(error, job.itemIndex, extra);
	}
	return results.filter((r): r is INodeExecutionData => r !== undefined);
}
