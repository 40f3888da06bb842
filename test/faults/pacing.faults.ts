/**
 * The pacer under throttling, Send to Users to 1,000 users (50 calls): a passing burst of 5 QPS
 * rejections must cost at most a few seconds over the unthrottled run (the learned limit is lifted
 * again), while a real 10-QPS quota is still learned and kept (50 calls ≈ 5 s, nothing lost).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { DingTalk } from '../../nodes/DingTalk/DingTalk.node';
import { router } from '../../nodes/DingTalk/actions/router';
import { runNode, TestCredentialsHelper } from '../engine/harness';
import type { FaultSpec } from '../support/emulatorClient';
import { userIds } from '../support/items';
import { useEmulator } from '../support/useEmulator';
import { record } from './table';

class FaultDingTalk extends DingTalk {
	async execute(this: IExecuteFunctions) {
		return await router.call(this, { retryPolicy: { baseDelayMs: 20, maxDelayMs: 200 } });
	}
}

const env = useEmulator();
const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const QPS_REJECTION = {
	code: 'Forbidden.AccessDenied.QpsLimitForApi',
	message: '调用该接口超过QPS限制，请稍后重试',
	requestid: 'RQ-QPS',
};

interface Runs {
	seconds: number[];
	delivered: number;
	duplicated: number;
	failures: number;
	attempted: number;
}

async function runs(times: number, spec: FaultSpec | undefined): Promise<Runs> {
	const credentials = new TestCredentialsHelper(env.emulator.credentials());
	const users = userIds(1, 1000);
	const outcome: Runs = { seconds: [], delivered: 0, duplicated: 0, failures: 0, attempted: 0 };
	for (let n = 0; n < times; n++) {
		await env.client.reset();
		if (spec) await env.client.faults(spec);
		const started = Date.now();
		const result = await runNode({
			nodeType: new FaultDingTalk(),
			credentials,
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: users.join(','),
				messageType: 'text',
				content: 'pacing',
			},
		});
		outcome.seconds.push((Date.now() - started) / 1000);
		const state = await env.client.state();
		const ids = state.messages.map((m) => m.userId);
		outcome.delivered += new Set(ids).size;
		outcome.duplicated += ids.length - new Set(ids).size;
		outcome.attempted += state.requests.filter((r) => r.path === BATCH_SEND).length;
		if (result.error) outcome.failures++;
	}
	return outcome;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const range = (list: number[]) =>
	`median ${median(list).toFixed(2)} s, max ${Math.max(...list).toFixed(2)} s`;

function row(scenario: string, r: Runs, times: number, extra: string): void {
	record({
		scenario,
		attempted: r.attempted,
		delivered: `${r.delivered}/${1000 * times}`,
		lost: 1000 * times - r.delivered,
		duplicated: r.duplicated,
		result: `${times - r.failures}/${times} ok; ${range(r.seconds)}${extra}`,
	});
}

describe('fault suite · pacing', () => {
	let unthrottled = 0;

	it('Send to Users · 1,000 users unthrottled (the reference time)', async () => {
		const r = await runs(5, undefined);
		unthrottled = median(r.seconds);
		row('Send to Users (1,000 users) · unthrottled, 5 runs (reference)', r, 5, '');
		expect(r).toMatchObject({ delivered: 5000, duplicated: 0, failures: 0 });
	}, 120_000);

	it('Send to Users · a passing burst of 5 QPS rejections costs at most a few seconds', async () => {
		const r = await runs(20, {
			rules: [{ type: 'status', status: 403, path: BATCH_SEND, count: 5, body: QPS_REJECTION }],
		});
		row(
			'Send to Users (1,000 users) · transient burst of 5 QPS rejections, 20 runs',
			r,
			20,
			`; unthrottled ${unthrottled.toFixed(2)} s`,
		);
		expect(r).toMatchObject({ delivered: 20_000, duplicated: 0, failures: 0 });
		expect(Math.max(...r.seconds)).toBeLessThan(unthrottled + 5);
	}, 600_000);

	it('Send to Users · a real 10-QPS quota is learned and kept', async () => {
		const r = await runs(10, { throttles: [{ path: BATCH_SEND, qps: 10 }] });
		row('Send to Users (1,000 users) · true quota 10 QPS, 10 runs', r, 10, '');
		expect(r).toMatchObject({ delivered: 10_000, duplicated: 0, failures: 0 });
		// 50 calls at 10 a second: about 5 s; neither faster (impossible) nor crawling.
		expect(median(r.seconds)).toBeGreaterThan(4);
		expect(Math.max(...r.seconds)).toBeLessThan(8);
	}, 600_000);
});
