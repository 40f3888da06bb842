/**
 * Sends messages to many recipients in as few calls as DingTalk allows: items that send the same
 * message through the same sender are combined (optionally), recipients are chunked to the API's
 * per-call maximum, calls run with bounded concurrency, flow-controlled recipients are retried
 * after a pause, and every result is mapped back to the items it came from.
 */
import { sleep } from 'n8n-workflow';

/** One input item's request: send `payload` (identified by `key`) to `recipients`. */
export interface BatchJob<P> {
	itemIndex: number;
	key: string;
	payload: P;
	recipients: string[];
}

/** What DingTalk answered for one call. */
export interface CallOutcome {
	/** Send id(s) to report: processQueryKey, task_id … */
	id?: string;
	invalid?: string[];
	/** Recipients DingTalk skipped because of flow control (try again later). */
	throttled?: string[];
}

export interface BatchOptions<P> {
	maxRecipients: number;
	combine: boolean;
	concurrency: number;
	/** Rounds of re-sending to flow-controlled recipients, and the pause before the first. */
	throttledRetries: number;
	throttledDelayMs: number;
	/** Stop starting new calls after the first failure (when the node is not set to continue on fail). */
	stopOnError: boolean;
	send: (payload: P, recipients: string[], itemIndexes: number[]) => Promise<CallOutcome>;
}

export interface ItemOutcome {
	ids: string[];
	sent: string[];
	invalid: string[];
	throttled: string[];
	error?: Error;
}

interface Call<P> {
	key: string;
	payload: P;
	recipients: string[];
	/** recipient → items that asked for it */
	owners: Map<string, number[]>;
}

/** Runs `tasks` with at most `limit` in flight; stops starting new ones once `stop()` says so. */
export async function runPool(
	tasks: Array<() => Promise<void>>,
	limit: number,
	stop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < tasks.length && !stop()) {
			const task = tasks[next++];
			await task();
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

function planCalls<P>(jobs: Array<BatchJob<P>>, options: BatchOptions<P>): Array<Call<P>> {
	const groups = new Map<string, { payload: P; owners: Map<string, number[]> }>();
	for (const job of jobs) {
		const groupKey = options.combine ? job.key : `${job.key}#${job.itemIndex}`;
		let group = groups.get(groupKey);
		if (!group) {
			group = { payload: job.payload, owners: new Map() };
			groups.set(groupKey, group);
		}
		for (const recipient of job.recipients) {
			const owners = group.owners.get(recipient);
			if (owners) {
				if (!owners.includes(job.itemIndex)) owners.push(job.itemIndex);
			} else {
				group.owners.set(recipient, [job.itemIndex]);
			}
		}
	}
	const calls: Array<Call<P>> = [];
	for (const [key, group] of groups) {
		const recipients = [...group.owners.keys()];
		for (let i = 0; i < recipients.length; i += options.maxRecipients) {
			const slice = recipients.slice(i, i + options.maxRecipients);
			calls.push({
				key,
				payload: group.payload,
				recipients: slice,
				owners: new Map(slice.map((r) => [r, group.owners.get(r)!])),
			});
		}
	}
	return calls;
}

export async function sendInBatches<P>(
	jobs: Array<BatchJob<P>>,
	options: BatchOptions<P>,
): Promise<Map<number, ItemOutcome>> {
	const outcomes = new Map<number, ItemOutcome>();
	for (const job of jobs)
		outcomes.set(job.itemIndex, { ids: [], sent: [], invalid: [], throttled: [] });
	let failed = false;

	const runCalls = async (calls: Array<Call<P>>): Promise<Array<Call<P>>> => {
		const retry = new Map<string, Call<P>>();
		const tasks = calls.map((call) => async () => {
			const items = [...new Set([...call.owners.values()].flat())];
			let answer: CallOutcome;
			try {
				answer = await options.send(call.payload, call.recipients, items);
			} catch (error) {
				failed = true;
				for (const itemIndex of items) {
					const outcome = outcomes.get(itemIndex)!;
					outcome.error ??= error as Error;
				}
				return;
			}
			const invalid = new Set(answer.invalid ?? []);
			const throttled = new Set(answer.throttled ?? []);
			for (const itemIndex of items) {
				if (answer.id && !outcomes.get(itemIndex)!.ids.includes(answer.id))
					outcomes.get(itemIndex)!.ids.push(answer.id);
			}
			for (const [recipient, owners] of call.owners) {
				for (const itemIndex of owners) {
					const outcome = outcomes.get(itemIndex)!;
					if (invalid.has(recipient)) outcome.invalid.push(recipient);
					else if (throttled.has(recipient)) {
						if (!outcome.throttled.includes(recipient)) outcome.throttled.push(recipient);
					} else {
						outcome.sent.push(recipient);
						outcome.throttled = outcome.throttled.filter((r) => r !== recipient);
					}
				}
				if (throttled.has(recipient)) {
					let again = retry.get(call.key);
					if (!again) {
						again = { key: call.key, payload: call.payload, recipients: [], owners: new Map() };
						retry.set(call.key, again);
					}
					again.recipients.push(recipient);
					again.owners.set(recipient, owners);
				}
			}
		});
		await runPool(tasks, options.concurrency, () => failed && options.stopOnError);
		// Re-chunk what DingTalk flow-controlled, per message.
		const again: Array<Call<P>> = [];
		for (const call of retry.values()) {
			for (let i = 0; i < call.recipients.length; i += options.maxRecipients) {
				const slice = call.recipients.slice(i, i + options.maxRecipients);
				again.push({
					key: call.key,
					payload: call.payload,
					recipients: slice,
					owners: new Map(slice.map((r) => [r, call.owners.get(r)!])),
				});
			}
		}
		return again;
	};

	let pending = await runCalls(planCalls(jobs, options));
	for (
		let round = 0;
		round < options.throttledRetries && pending.length > 0 && !(failed && options.stopOnError);
		round++
	) {
		await sleep(options.throttledDelayMs * 2 ** round);
		pending = await runCalls(pending);
	}
	return outcomes;
}

/**
 * One step of every item in input order, while the rest of the items' work runs side by side
 * (files uploaded at once, posted to a chat one after another). `wait(i)` resolves once every
 * earlier item is `done`; `done(i)` must be called for every item that started, failed or not.
 * Items start in input order (runPool), so an earlier item is always running or done.
 */
export class Turns {
	private readonly finished: Array<Promise<void>> = [];

	private readonly finish: Array<() => void> = [];

	constructor(count: number) {
		for (let i = 0; i < count; i++)
			this.finished.push(new Promise<void>((resolve) => this.finish.push(resolve)));
	}

	async wait(itemIndex: number): Promise<void> {
		if (itemIndex > 0) await this.finished[itemIndex - 1];
	}

	/** Item `itemIndex` is through: its turn passes on once the items before it are too. */
	done(itemIndex: number): void {
		void this.wait(itemIndex).then(this.finish[itemIndex]);
	}
}
