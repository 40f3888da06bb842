/**
 * What earlier tries of this node run already delivered. n8n's *Retry On Fail* runs the node again
 * with the very same stack entry (getExecuteData()) after a failure; a send that failed halfway
 * (an answer lost after 20 of 60 users) would otherwise go again to the 20 who have it. Keyed by
 * that entry, so a new run of the node (next execution, next loop iteration) starts empty, and
 * dropped with it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

interface Delivered {
	recipients: Set<string>;
	ids: string[];
}

const ledgers = new WeakMap<object, Map<string, Delivered>>();

export interface EarlierTries {
	/** Recipients of `key` that an earlier try delivered to, and the send ids it got. */
	delivered(key: string): { recipients: string[]; ids: string[] };
	/** Records what this try delivered (confirmed by DingTalk) for the next try, if there is one. */
	record(key: string, recipients: string[], ids: string[]): void;
}

export function earlierTries(context: IExecuteFunctions): EarlierTries {
	const entry = context.getExecuteData() as object;
	let ledger = ledgers.get(entry);
	if (!ledger) {
		ledger = new Map();
		ledgers.set(entry, ledger);
	}
	const book = ledger;
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
