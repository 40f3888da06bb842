/**
 * What one process remembers of callbacks it accepted, each entry until a given time: a second
 * claim of a remembered id is refused (a replay or a redelivery). n8n gives trigger webhooks no
 * shared store, so this lives in the process and is lost on restart; callers bound the exposure by
 * remembering each entry as long as the callback itself would be accepted.
 */
export class ReplayMemory {
	private readonly entries = new Map<string, number>();

	constructor(private readonly max: number) {}

	/** Whether `id` is remembered at `now`. */
	has(id: string, now = Date.now()): boolean {
		const until = this.entries.get(id);
		return until !== undefined && until > now;
	}

	/** Remembers `id` until `untilMs`; false (and nothing changes) if it is remembered already. */
	claim(id: string, untilMs: number, now = Date.now()): boolean {
		if (this.has(id, now)) return false;
		this.remember(id, untilMs, now);
		return true;
	}

	remember(id: string, untilMs: number, now = Date.now()): void {
		this.entries.delete(id);
		this.entries.set(id, untilMs);
		if (this.entries.size <= this.max) return;
		// Over the bound: drop what has expired, then the oldest entries.
		for (const [key, until] of this.entries) if (until <= now) this.entries.delete(key);
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.max * 0.9) break;
			this.entries.delete(key);
		}
	}

	get size(): number {
		return this.entries.size;
	}
}

// Process-wide state, by nature: DingTalk's replays, retries and re-pushes arrive as new requests
// (or on a new Stream connection, even after the workflow was re-activated), so neither one
// webhook call nor one activation could hold what was seen. One memory per kind of callback,
// shared by every workflow in this n8n process.

/** Signed HTTP callbacks (event signatures, robot signs): kept until they would be stale anyway. */
export const signatureMemory = new ReplayMemory(100000);
/** DingTalk event identities, so DingTalk's re-signed retries of one event run it once. */
export const eventMemory = new ReplayMemory(20000);
/** Stream message ids that were emitted and acknowledged. */
export const streamMemory = new ReplayMemory(20000);
