/**
 * What earlier tries of this node run already delivered. n8n's *Retry On Fail* runs the node again
 * with the very same stack entry (getExecuteData()) after a failure; a send that failed halfway
 * (an answer lost after 20 of 60 users) would otherwise go again to the 20 who have it. Keyed by
 * that entry, so a new run of the node (next execution, next loop iteration) starts empty, and
 * dropped with it.
 */
import type { RunContext } from '../execution/runContext';
import type { BatchJob, ItemOutcome } from './pool';

interface Delivered {
	recipients: Set<string>;
	ids: string[];
}

export interface EarlierTries {
	/** Recipients of `key` that an earlier try delivered to, and the send ids it got. */
	delivered(key: string): { recipients: string[]; ids: string[] };
	/** Records what this try delivered (confirmed by DingTalk) for the next try, if there is one. */
	record(key: string, recipients: string[], ids: string[]): void;
}

export function earlierTries(run: RunContext): EarlierTries {
	const book = run.retryLedger<Delivered>();
	return {
		delivered(key) {
			const found = book.get(key);
			return { recipients: found ? [...found.recipients] : [], ids: found ? [...found.ids] : [] };
		},
		record(key, recipients, ids) {
			if (recipients.length === 0) return;
			const found = book.get(key) ?? { recipients: new Set<string>(), ids: [] };
			for (const recipient of recipients) found.recipients.add(recipient);
			for (const id of ids) if (!found.ids.includes(id)) found.ids.push(id);
			book.set(key, found);
		},
	};
}

/**
 * The combining send operations' use of the ledger: `pending` are the jobs with the recipients no
 * earlier try reached (jobs left with none are not sent at all); `merge` adds what earlier tries
 * delivered back into the outcomes and jobs, so outputs and errors report the whole story.
 */
export function skipEarlierDeliveries<P>(run: RunContext, jobs: Array<BatchJob<P>>) {
	const tries = earlierTries(run);
	const keyOf = (job: BatchJob<P>) => `${job.itemIndex}\u0000${job.key}`;
	const already = new Map<number, { recipients: string[]; ids: string[] }>();
	for (const job of jobs) {
		const earlier = tries.delivered(keyOf(job));
		already.set(job.itemIndex, earlier);
		if (earlier.recipients.length)
			job.recipients = job.recipients.filter((id) => !earlier.recipients.includes(id));
	}
	return {
		pending: jobs.filter((job) => job.recipients.length > 0),
		/** Recipients an earlier try delivered to, for item `itemIndex`. */
		alreadySent: (itemIndex: number): string[] => already.get(itemIndex)?.recipients ?? [],
		merge(outcomes: Map<number, ItemOutcome>): void {
			for (const job of jobs) {
				const earlier = already.get(job.itemIndex)!;
				const outcome = outcomes.get(job.itemIndex) ?? {
					ids: [],
					sent: [],
					invalid: [],
					throttled: [],
				};
				tries.record(keyOf(job), outcome.sent, outcome.ids);
				outcomes.set(job.itemIndex, {
					...outcome,
					ids: [...earlier.ids, ...outcome.ids],
					sent: [...earlier.recipients, ...outcome.sent],
				});
				job.recipients = [...earlier.recipients, ...job.recipients];
			}
		},
	};
}
