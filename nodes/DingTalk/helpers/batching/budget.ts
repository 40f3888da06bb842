/**
 * A bound on the bytes that work running side by side holds in memory at once: each piece of work
 * takes its share before it allocates and gives it back when done; work that does not fit waits,
 * first come first served. A share larger than the whole budget is cut to it, so an oversized
 * piece still runs, alone. Waiting is on promises only: no timers.
 */
export class ByteBudget {
	private used = 0;

	private readonly waiting: Array<{ bytes: number; start: () => void }> = [];

	constructor(readonly limit: number) {}

	/** Waits until `bytes` fit, takes them, and resolves to the function that gives them back. */
	async take(bytes: number): Promise<() => void> {
		const share = Math.max(0, Math.min(Math.ceil(bytes), this.limit));
		if (this.waiting.length === 0 && this.used + share <= this.limit) this.used += share;
		else await new Promise<void>((start) => this.waiting.push({ bytes: share, start }));
		let given = false;
		return () => {
			if (given) return;
			given = true;
			this.used -= share;
			this.wake();
		};
	}

	private wake(): void {
		while (this.waiting.length && this.used + this.waiting[0].bytes <= this.limit) {
			const next = this.waiting.shift()!;
			this.used += next.bytes;
			next.start();
		}
	}
}
