/**
 * A token that dies at any moment of a run: DingTalk revokes it as the 1st, 10th or 30th send call
 * arrives, or at a random one, while the run started without a token (so the first calls all wait
 * for the execution's first token fetch). Each scenario runs 20 times: every recipient gets the
 * message once, and each revocation costs exactly one token request.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DingTalk } from '../../nodes/DingTalk/DingTalk.node';
import { router } from '../../nodes/DingTalk/actions/router';
import { runNode, TestCredentialsHelper } from '../engine/harness';
import { userIds } from '../support/items';
import { useEmulator } from '../support/useEmulator';
import { record } from './table';

class FaultDingTalk extends DingTalk {
	async execute(this: IExecuteFunctions) {
		return await router.call(this, {
			retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 5000 },
		});
	}
}

const env = useEmulator();
const REPETITIONS = 20;
const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const WORK_NOTICE = '/topapi/message/corpconversation/asyncsend_v2';

interface Case {
	send: string;
	channel: 'oto' | 'work';
	endpoint: string;
	users: number;
	calls: number;
	parameters: (users: string[]) => IDataObject;
}

const sendToUsers: Case = {
	send: 'Send to Users (1,000 users)',
	channel: 'oto',
	endpoint: BATCH_SEND,
	users: 1000,
	calls: 50,
	parameters: (users) => ({
		resource: 'message',
		operation: 'sendToUsers',
		userIds: users.join(','),
		messageType: 'text',
		content: 'token fault',
	}),
};
const workNotification: Case = {
	send: 'Work notification (250 users)',
	channel: 'work',
	endpoint: WORK_NOTICE,
	users: 250,
	calls: 3,
	parameters: (users) => ({
		resource: 'message',
		operation: 'sendWorkNotification',
		recipientType: 'users',
		userIds: users.join(','),
		messageType: 'text',
		content: 'token fault',
	}),
};

/** `at`: the send call at which DingTalk revokes the token (1-based), or 'random'. */
async function scenario(target: Case, at: number | 'random') {
	let attempted = 0;
	let delivered = 0;
	let lost = 0;
	let duplicated = 0;
	let failures = 0;
	const tokenRequests: number[] = [];
	const firstError: string[] = [];
	for (let n = 0; n < REPETITIONS; n++) {
		await env.client.reset();
		const call = at === 'random' ? 1 + Math.floor(Math.random() * target.calls) : at;
		await env.client.faults({
			rules: [{ type: 'revoke', path: target.endpoint, after: call - 1, count: 1 }],
		});
		const users = userIds(1, target.users);
		const result = await runNode({
			nodeType: new FaultDingTalk(),
			credentials: new TestCredentialsHelper(env.emulator.credentials()),
			parameters: target.parameters(users),
		});
		const state = await env.client.state();
		const ids = state.messages.filter((m) => m.channel === target.channel).map((m) => m.userId);
		const distinct = new Set(ids);
		attempted += state.requests.filter((r) => r.path === target.endpoint).length;
		delivered += distinct.size;
		duplicated += ids.length - distinct.size;
		// An errored run reports everyone it did not confirm; only a successful run can lose silently.
		if (result.error) {
			failures++;
			if (!firstError.length) firstError.push(result.error.message);
		} else lost += users.filter((u) => !distinct.has(u)).length;
		tokenRequests.push(state.tokenRequests);
	}
	const label = at === 'random' ? 'at a random call' : `at call ${at}`;
	const renewals = tokenRequests.map((t) => t - 1);
	record({
		scenario: `${target.send} · token revoked ${label}, ${REPETITIONS} runs`,
		attempted,
		delivered: `${delivered}/${target.users * REPETITIONS}`,
		lost,
		duplicated,
		result: `${REPETITIONS - failures}/${REPETITIONS} ok${firstError.length ? ` (${firstError[0]})` : ''}; token requests per revocation: ${Math.min(...renewals)}–${Math.max(...renewals)}`,
	});
	return { delivered, lost, duplicated, failures, renewals };
}

describe('fault suite · a token revoked at any moment', () => {
	it.each([
		[sendToUsers.send, 1, sendToUsers],
		[sendToUsers.send, 10, sendToUsers],
		[sendToUsers.send, 30, sendToUsers],
		[sendToUsers.send, 'random', sendToUsers],
		[workNotification.send, 1, workNotification],
		[workNotification.send, 2, workNotification],
		[workNotification.send, 3, workNotification],
		[workNotification.send, 'random', workNotification],
	] as Array<[string, number | 'random', Case]>)(
		'%s, revoked at call %s: one renewal, 0 lost, 0 duplicated',
		async (_name, at, target) => {
			const outcome = await scenario(target, at);
			expect(outcome).toEqual({
				delivered: target.users * REPETITIONS,
				lost: 0,
				duplicated: 0,
				failures: 0,
				renewals: Array(REPETITIONS).fill(1),
			});
		},
		600_000,
	);
});
