import { sleep } from 'n8n-workflow';

/**
 * Keeps calls to one endpoint within DingTalk's per-second quota once it is known. DingTalk
 * does not publish most quotas; a QPS rejection reveals it: the calls DingTalk accepted in the
 * second before it. From then on, calls in flight plus calls completed in the last second never
 * exceed it.
 *
 * A rejection can also come from a short burst (DingTalk's own load, another workflow on the same
 * app), and what it teaches then is far below the real quota. So a learned quota is re-probed:
 * after `quietWindows` windows without a rejection the limit is lifted. A real quota rejects the
 * probe at once and is learned again, and each time the probe finds it again it is probed half as
 * often (up to once a minute); a passing burst does not come back, and the calls run at full speed.
 * A published quota (`knownLimit`) is never lifted.
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

	/** When DingTalk last rejected a call for the quota. */
	private rejectedAt = 0;

	/** How long without a rejection before a learned limit is lifted to probe. */
	private quietMs: number;

	/** The limit lifted by the last probe, and whether DingTalk rejected calls since. */
	private lifted: number | undefined;

	private probeRejected = false;

	private readonly published: boolean;

	/** `knownLimit`: a published quota (e.g. custom robots: 20 a minute) instead of a learned one. */
	constructor(
		private readonly windowMs = 1000,
		knownLimit?: number,
		private readonly quietWindows = 2,
	) {
		this.limit = knownLimit;
		this.published = knownLimit !== undefined;
		this.quietMs = quietWindows * windowMs;
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
			if (this.limit !== undefined && !this.published && now - this.rejectedAt >= this.quietMs)
				this.probe();
			if (this.limit === undefined || this.done.length + this.inFlight.length < this.limit) {
				this.inFlight.push(now);
				return now;
			}
			// Wake when the oldest completion leaves the window, or soon if a call in flight may settle.
			const untilFree = this.done.length ? this.done[0] + this.windowMs - now + 2 : this.windowMs;
			await sleep(Math.max(2, Math.min(untilFree, 25)));
		}
	}

	/** Lifts the limit. If the last probe found about the same quota again, it is real: probe it half as often. */
	private probe(): void {
		if (this.lifted !== undefined && this.probeRejected && this.limit !== undefined) {
			const again = this.limit <= this.lifted * 1.5 + 1;
			this.quietMs = again
				? Math.min(this.quietMs * 2, 60 * this.windowMs)
				: this.quietWindows * this.windowMs;
		}
		this.lifted = this.limit;
		this.probeRejected = false;
		this.limit = undefined;
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
		this.rejectedAt = now;
		this.probeRejected = true;
	}
}
