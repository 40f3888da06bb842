import { sleep } from 'n8n-workflow';

/**
 * Keeps calls to one endpoint within DingTalk's per-second quota once it is known. DingTalk
 * does not publish most quotas; the first QPS rejection reveals it: the calls started in the
 * second before it are what the quota let through. From then on no more than that many calls
 * start in any sliding second, so a busy execution runs at the quota instead of bouncing off it.
 */
export class Pacer {
	/** Start times (ms) of calls in the current sliding second that were not rejected. */
	private window: number[] = [];

	private limit: number | undefined;

	private queue: Promise<unknown> = Promise.resolve();

	constructor(private readonly windowMs = 1000) {}

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
			this.window = this.window.filter((start) => now - start < this.windowMs);
			if (this.limit === undefined || this.window.length < this.limit) {
				this.window.push(now);
				return now;
			}
			// A few ms of margin: our start time is earlier than DingTalk's arrival time.
			await sleep(this.window[0] + this.windowMs - now + 15);
		}
	}

	/** Reports how the call that started at `start` ended. */
	settle(start: number, rejectedForQuota: boolean): void {
		if (!rejectedForQuota) return;
		const index = this.window.indexOf(start);
		if (index >= 0) this.window.splice(index, 1);
		const accepted = this.window.filter((s) => s <= start && start - s < this.windowMs).length;
		this.limit = Math.max(1, Math.min(this.limit ?? Infinity, accepted));
	}
}
