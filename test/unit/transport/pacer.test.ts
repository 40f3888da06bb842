import { sleep } from 'n8n-workflow';

import { Pacer } from '../../../nodes/DingTalk/transport/pacer';

async function call(pacer: Pacer, rejected = false): Promise<number> {
	const start = await pacer.acquire();
	pacer.settle(start, rejected);
	return start;
}

describe('Pacer: learns a per-second quota from the first rejection and keeps to it', () => {
	it('lets everything through while no quota is known', async () => {
		const pacer = new Pacer(200);
		const started = Date.now();
		for (let i = 0; i < 50; i++) await call(pacer);
		expect(Date.now() - started).toBeLessThan(100);
		expect(pacer.quota).toBeUndefined();
	});

	it('learns the quota from calls completed in the window plus earlier calls still in flight', async () => {
		const pacer = new Pacer(200);
		for (let i = 0; i < 3; i++) await call(pacer);
		const inFlight = await pacer.acquire();
		await call(pacer, true);
		expect(pacer.quota).toBe(4);
		pacer.settle(inFlight, false);
	});

	it('then keeps completed + in-flight calls within the quota in any sliding window', async () => {
		const windowMs = 200;
		// Not re-probed during this test (see the recovery tests below).
		const pacer = new Pacer(windowMs, undefined, 50);
		for (let i = 0; i < 3; i++) await call(pacer);
		await call(pacer, true);
		expect(pacer.quota).toBe(3);
		await sleep(windowMs + 20);
		const starts: number[] = [];
		for (let i = 0; i < 9; i++) starts.push(await call(pacer));
		for (let i = 3; i < starts.length; i++) {
			expect(starts[i] - starts[i - 3]).toBeGreaterThanOrEqual(windowMs);
		}
		expect(starts[8] - starts[0]).toBeGreaterThanOrEqual(2 * windowMs);
	});

	it('counts calls in flight against the quota', async () => {
		const pacer = new Pacer(200, undefined, 50);
		await call(pacer);
		await call(pacer, true);
		expect(pacer.quota).toBe(1);
		await sleep(220);
		const held = await pacer.acquire();
		let second = 0;
		const waiting = pacer.acquire().then((start) => (second = start));
		await sleep(60);
		expect(second).toBe(0);
		pacer.settle(held, false);
		await waiting;
		expect(second - held).toBeGreaterThanOrEqual(200);
	});

	it('never learns a quota below one, nor raises a learned one', async () => {
		const pacer = new Pacer(200);
		await call(pacer, true);
		expect(pacer.quota).toBe(1);
		await sleep(220);
		await call(pacer);
		await sleep(220);
		await call(pacer, true);
		expect(pacer.quota).toBe(1);
	});
});

describe('Pacer: recovers from a passing burst of rejections, keeps a real quota', () => {
	const windowMs = 100;

	/** `n` calls with `concurrency` in flight against a quota of `qps` per window (undefined: none). */
	async function drive(
		pacer: Pacer,
		n: number,
		concurrency: number,
		accepts: () => boolean,
	): Promise<number> {
		const started = Date.now();
		let left = n;
		const worker = async () => {
			while (left > 0) {
				left--;
				for (;;) {
					const start = await pacer.acquire();
					await sleep(2);
					const ok = accepts();
					pacer.settle(start, !ok);
					if (ok) break;
				}
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		return Date.now() - started;
	}

	it('lifts a limit learned from a short burst after two quiet windows, so the rest runs at full speed', async () => {
		const pacer = new Pacer(windowMs);
		let burst = 5;
		const elapsed = await drive(pacer, 200, 10, () => burst-- <= 0);
		expect(pacer.quota).toBeUndefined();
		// Unpaced this takes ~40 ms; a limit of 1 kept for good would take 200 windows (20 s).
		expect(elapsed).toBeLessThan(6 * windowMs);
	});

	it('learns a real quota again when a probe hits it, and keeps to it', async () => {
		const pacer = new Pacer(windowMs);
		const qps = 5;
		const accepted: number[] = [];
		let rejections = 0;
		const elapsed = await drive(pacer, 100, 10, () => {
			const now = Date.now();
			while (accepted.length && now - accepted[0] >= windowMs) accepted.shift();
			if (accepted.length >= qps) {
				rejections++;
				return false;
			}
			accepted.push(now);
			return true;
		});
		expect(pacer.quota).toBeLessThanOrEqual(qps);
		// 100 calls at 5 per window: at least 19 windows, and not much more.
		expect(elapsed).toBeGreaterThanOrEqual(19 * windowMs);
		expect(elapsed).toBeLessThan(30 * windowMs);
		// The first burst, then probes 2, 2, 4, 8 windows apart (not every 2 windows), each rejected at most
		// by the calls in flight.
		expect(rejections).toBeLessThanOrEqual(6 * 10);
	});
});
