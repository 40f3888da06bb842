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
		const pacer = new Pacer(windowMs);
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
		const pacer = new Pacer(200);
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
