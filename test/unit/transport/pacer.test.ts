import { sleep } from 'n8n-workflow';

import { Pacer } from '../../../nodes/DingTalk/transport/pacer';

describe('Pacer: learns a per-second quota from the first rejection and keeps to it', () => {
	it('lets everything through while no quota is known', async () => {
		const pacer = new Pacer(200);
		const started = Date.now();
		for (let i = 0; i < 50; i++) pacer.settle(await pacer.acquire(), false);
		expect(Date.now() - started).toBeLessThan(100);
		expect(pacer.quota).toBeUndefined();
	});

	it('learns the quota as the calls accepted in the window before the rejection', async () => {
		const pacer = new Pacer(200);
		for (let i = 0; i < 4; i++) await pacer.acquire();
		const rejected = await pacer.acquire();
		pacer.settle(rejected, true);
		expect(pacer.quota).toBe(4);
	});

	it('then starts no more than the quota in any sliding window', async () => {
		const windowMs = 200;
		const pacer = new Pacer(windowMs);
		for (let i = 0; i < 3; i++) await pacer.acquire();
		pacer.settle(await pacer.acquire(), true);
		expect(pacer.quota).toBe(3);
		await sleep(windowMs + 20);
		const starts: number[] = [];
		for (let i = 0; i < 9; i++) starts.push(await pacer.acquire());
		for (let i = 3; i < starts.length; i++) {
			expect(starts[i] - starts[i - 3]).toBeGreaterThanOrEqual(windowMs);
		}
		// 9 calls at 3 per 200 ms: at least two full windows of waiting.
		expect(starts[8] - starts[0]).toBeGreaterThanOrEqual(2 * windowMs);
	});

	it('never learns a quota below one, nor raises a learned one', async () => {
		const pacer = new Pacer(200);
		pacer.settle(await pacer.acquire(), true);
		expect(pacer.quota).toBe(1);
		await sleep(220);
		for (let i = 0; i < 1; i++) await pacer.acquire();
		const start = await pacer.acquire();
		pacer.settle(start, true);
		expect(pacer.quota).toBe(1);
	});
});
