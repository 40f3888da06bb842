import { ByteBudget } from '../../../nodes/DingTalk/helpers/batching/budget';
import { runPool, Turns } from '../../../nodes/DingTalk/helpers/batching/pool';

/** A promise the test resolves by hand. */
function gate() {
	let open = () => undefined as void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { opened, open };
}

const settle = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('ByteBudget: the bytes work running side by side may hold', () => {
	it('lets work in while it fits, holds the rest first come first served', async () => {
		const budget = new ByteBudget(10);
		const order: string[] = [];
		const a = await budget.take(6);
		const b = budget.take(6).then((release) => (order.push('b'), release));
		const c = budget.take(1).then((release) => (order.push('c'), release));
		await settle();
		// c would fit, but b asked first: no overtaking, so a large share is never starved.
		expect(order).toEqual([]);
		a();
		const releaseB = await b;
		const releaseC = await c;
		expect(order).toEqual(['b', 'c']);
		releaseB();
		releaseC();
	});

	it('cuts a share larger than the whole budget to it: the work runs, alone', async () => {
		const budget = new ByteBudget(10);
		const big = await budget.take(1000);
		let small = false;
		const next = budget.take(1).then((release) => ((small = true), release));
		await settle();
		expect(small).toBe(false);
		big();
		big(); // giving back twice gives back once
		(await next)();
		expect(small).toBe(true);
	});
});

describe('Turns: one step of every item in input order', () => {
	it('an item waits for every earlier item, also one that failed before its turn', async () => {
		const turns = new Turns(3);
		const steps: number[] = [];
		const slow = gate();
		const item = async (i: number, before: Promise<void> = Promise.resolve()) => {
			await before;
			await turns.wait(i);
			steps.push(i);
			turns.done(i);
		};
		const running = Promise.all([
			item(0, slow.opened),
			// Item 1 fails before its turn: it is done without a step, and item 2 still waits for 0.
			Promise.resolve().then(() => turns.done(1)),
			item(2),
		]);
		await settle();
		expect(steps).toEqual([]);
		slow.open();
		await running;
		expect(steps).toEqual([0, 2]);
	});

	it('runPool starts tasks in input order with at most `limit` running', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const tasks = Array.from({ length: 9 }, (_, i) => async () => {
			started.push(i);
			running++;
			most = Math.max(most, running);
			await settle();
			running--;
		});
		await runPool(tasks, 4);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(most).toBe(4);
	});
});
