import { sleep } from 'n8n-workflow';

/**
 * Keeps calls to one endpoint within DingTalk's per-second quota once it is known. DingTalk
 * does not publish most quotas; the first QPS rejection reveals it: the calls DingTalk accepted
 * in the second before it. From then on, calls in flight plus calls completed in the last
 * second never exceed it.
 *
 * Timing is conservative on purpose: a call reaches DingTalk somewhere between its start and its
 * completion (a token refresh or a busy event loop can delay it), so a slot frees one window
 * after the *completion* of the call that used it. That costs one latency per window and makes
 * rejections after the quota is learned rare.
 */
export class Pacer {
	/** Completion times (ms) of accepted calls within the last window. */
	private done: number[] = [];

	/** Start times of calls in flight. */
	private inFlight: number[] = [];

	private limit: number | undefined;

	private queue: Promise<unknown> = Promise.resolve();

	/** `knownLimit`: a published quota (e.g. custom robots: 20 a minute) instead of a learned one. */
	constructor(
		private readonly windowMs = 1000,
		knownLimit?: number,
	) {
		this.limit = knownLimit;
	}

	/** The learned quota, for tests and diagnostics. */
	get quota(): number | undefined {
		return this.limit;
	}

	/** Waits for a slot; returns the call's start time, to hand back to `settle`. */
	async acquire(): Promise<number> {
		const slot = this.queue.then(async () => await this.waitForSlot());
		this.queue = slot.catch(() => undefined);
		return await slot;
	}

	private async waitForSlot(): Promise<number> {
		for (;;) {
			const now = Date.now();
			this.done = this.done.filter((t) => now - t < this.windowMs);
			if (this.limit === undefined || this.done.length + this.inFlight.length < this.limit) {
				this.inFlight.push(now);
				return now;
			}
			// Wake when the oldest completion leaves the window, or soon if a call in flight may settle.
			const untilFree = this.done.length ? this.done[0] + this.windowMs - now + 2 : this.windowMs;
			await sleep(Math.max(2, Math.min(untilFree, 25)));
		}
	}

	/** Frees the slot of a call that DingTalk did not count (rejected before it was accepted). */
	release(start: number): void {
		const index = this.inFlight.indexOf(start);
		if (index >= 0) this.inFlight.splice(index, 1);
	}

	/** Reports how the call that started at `start` ended. */
	settle(start: number, rejectedForQuota: boolean): void {
		const now = Date.now();
		const index = this.inFlight.indexOf(start);
		if (index >= 0) this.inFlight.splice(index, 1);
		if (!rejectedForQuota) {
			this.done.push(now);
			return;
		}
		this.done = this.done.filter((t) => now - t < this.windowMs);
		// Accepted before this one: completed in the window, plus those still in flight that started earlier.
		const accepted = this.done.length + this.inFlight.filter((s) => s <= start).length;
		this.limit = Math.max(1, Math.min(this.limit ?? Infinity, accepted));
	}
}
