import { ReplayMemory } from '../../../nodes/DingTalk/trigger/replayMemory';

describe('ReplayMemory', () => {
	it('refuses a second claim until the given time, then accepts it again', () => {
		const memory = new ReplayMemory(10);
		expect(memory.claim('a', 2000, 1000)).toBe(true);
		expect(memory.claim('a', 5000, 1999)).toBe(false);
		expect(memory.claim('a', 5000, 2000)).toBe(true);
	});

	it('over its bound drops expired entries first, then the oldest', () => {
		const memory = new ReplayMemory(10);
		for (let i = 0; i < 5; i++) memory.remember(`old${i}`, 100, 0);
		for (let i = 0; i < 6; i++) memory.remember(`live${i}`, 10000, 200);
		expect(memory.size).toBeLessThanOrEqual(10);
		for (let i = 0; i < 6; i++) expect(memory.has(`live${i}`, 200)).toBe(true);
	});
});
