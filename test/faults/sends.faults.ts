/**
 * Faults across the sends (robot 1:1, group, work notification), Drive uploads and group files:
 * a revoked token, QPS throttling, flow control, 5xx bursts, connections reset before or after
 * DingTalk processed a call (and mid-upload), answers slower than the timeout, signed upload URLs
 * that expire, and n8n's own Retry On Fail. Each scenario counts from the emulator what was
 * attempted, delivered, lost and duplicated, and records what the node reported.
 */
import axios from 'axios';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DingTalk } from '../../nodes/DingTalk/DingTalk.node';
import { router } from '../../nodes/DingTalk/actions/router';
import { runNode, TestCredentialsHelper, type RunOptions, type RunResult } from '../engine/harness';
import type { FaultRule, FaultSpec } from '../support/emulatorClient';
import { fileToGroup, uploadToDrive } from '../support/fileParameters';
import { binaryItem, userIds } from '../support/items';
import { useEmulator } from '../support/useEmulator';
import { record } from './table';

const TIMEOUT_MS = 1500;

/** The real node with short backoffs and a 1.5 s per-call timeout (the defaults are 0.5–8 s and 60 s). */
class FaultDingTalk extends DingTalk {
	async execute(this: IExecuteFunctions) {
		return await router.call(this, {
			retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: TIMEOUT_MS },
		});
	}
}

const env = useEmulator();

const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const GROUP_SEND = '/v1.0/robot/groupMessages/send';
const WORK_NOTICE = '/topapi/message/corpconversation/asyncsend_v2';
const COMMIT = '/files/commit';
const CONV_FILE_SEND = '/v1.0/convFile/conversations/files/send';
const GROUP = 'cidEmuGroup+One/AAA==';

interface Delivery {
	channel: string;
	userId?: string | null;
	name?: string;
	msgParam?: unknown;
}

interface Counted {
	attempted: number;
	delivered: number;
	intended: number;
	lost: number;
	duplicated: number;
}

/** Waits until every call the emulator received has finished (a slow one may outlive the node). */
async function settled(): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const pending = (await env.client.state()).requests.filter(
			(r) => r.host !== ('oss' as string) && r.outcome === undefined && r.status === undefined,
		);
		if (pending.length === 0) return;
	}
}

/**
 * Counts one scenario. `id` names a delivery; `reported` are the intended ids the node reported as
 * not (or not surely) delivered: error items, the node's error, flow-controlled lists.
 */
async function count(
	endpoints: string[],
	intended: string[],
	id: (d: Delivery) => string | undefined,
	reported: Iterable<string>,
): Promise<Counted> {
	await settled();
	const state = await env.client.state();
	const attempted = state.requests.filter((r) => endpoints.some((e) => r.path.includes(e))).length;
	const ids = (state.messages as unknown as Delivery[])
		.map(id)
		.filter((x): x is string => x !== undefined && intended.includes(x));
	const distinct = new Set(ids);
	const told = new Set(reported);
	return {
		attempted,
		delivered: distinct.size,
		intended: intended.length,
		lost: intended.filter((x) => !distinct.has(x) && !told.has(x)).length,
		duplicated: ids.length - distinct.size,
	};
}

function row(scenario: string, counted: Counted, result: string): void {
	record({
		scenario,
		attempted: counted.attempted,
		delivered: `${counted.delivered}/${counted.intended}`,
		lost: counted.lost,
		duplicated: counted.duplicated,
		result,
	});
}

const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const run = async (options: Omit<RunOptions, 'nodeType'>) =>
	await runNode({ nodeType: new FaultDingTalk(), ...options });
const faults = async (spec: FaultSpec) => await env.client.faults(spec);
const rules = async (...list: FaultRule[]) => await faults({ rules: list });

const toUsers = (users: string[], extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: users.join(','),
	messageType: 'text',
	content: 'fault suite',
	...extra,
});
const toWorkNotice = (users: string[], content: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendWorkNotification',
	recipientType: 'users',
	userIds: users.join(','),
	messageType: 'text',
	content,
	...extra,
});
const oto = (d: Delivery) => (d.channel === 'oto' ? (d.userId ?? undefined) : undefined);
const work = (d: Delivery) => (d.channel === 'work' ? (d.userId ?? undefined) : undefined);

/** A short description of what the node said. */
function said(result: RunResult): string {
	if (result.error) {
		const description = result.error.description ?? '';
		const code =
			/\(([\w.]+)\)(?: \[request id [^\]]+\])?$/.exec(result.error.message)?.[1] ??
			/: (E[A-Z]+)$/.exec(result.error.message)?.[1] ??
			'error';
		const already = /Already sent before this failure to (\d+) of (\d+)/.exec(description);
		return `error ${code}: ${/unknown/.test(description) ? 'unknown outcome, not repeated' : 'failed'}${already ? `; lists the ${already[1]} of ${already[2]} already sent` : ''}`;
	}
	const errors = result.output.filter((o) => o.json.error !== undefined);
	if (errors.length) {
		const unknown = errors.filter((o) => /unknown/.test(String(o.json.description))).length;
		return `${result.output.length - errors.length} ok, ${errors.length} error item(s)${unknown ? ` (${unknown} unknown outcome)` : ''}`;
	}
	return `ok (${result.output.length} item${result.output.length === 1 ? '' : 's'})`;
}

/** Everyone an errored run or error item did not confirm. */
function unconfirmed(
	result: RunResult,
	intended: string[],
	sentOf: (o: INodeExecutionData) => string[] = (o) => (o.json.sentUserIds as string[]) ?? [],
): string[] {
	const confirmed = new Set(
		result.output.filter((o) => o.json.error === undefined).flatMap(sentOf),
	);
	if (!result.error && result.output.every((o) => o.json.error === undefined)) {
		const flowControlled = result.output.flatMap(
			(o) => (o.json.flowControlledUserIds as string[]) ?? [],
		);
		return intended.filter((x) => flowControlled.includes(x));
	}
	return intended.filter((x) => !confirmed.has(x));
}

/** Counts a Send to Users scenario (1:1 robot messages). */
async function countOto(users: string[], result: RunResult): Promise<Counted> {
	return await count([BATCH_SEND], users, oto, unconfirmed(result, users));
}

/** Counts a work-notification scenario. */
async function countWork(users: string[], result: RunResult): Promise<Counted> {
	return await count(
		[WORK_NOTICE],
		users,
		work,
		unconfirmed(result, users, (o) => (o.json.userIds as string[]) ?? []),
	);
}

/** Credentials whose cached token DingTalk has since revoked (the emulator's log is cleared). */
async function staleCredentials(): Promise<TestCredentialsHelper> {
	const creds = credentials();
	await run({
		credentials: creds,
		parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
	});
	await env.client.revokeTokens();
	await env.client.reset();
	return creds;
}

describe('fault suite', () => {
	it('Send to Users · QPS throttling burst (quota 2/s, 100 users)', async () => {
		await faults({ throttles: [{ path: BATCH_SEND, qps: 2 }] });
		const users = userIds(1, 100);
		const result = await run({ credentials: credentials(), parameters: toUsers(users) });
		const counted = await countOto(users, result);
		row('Send to Users · QPS throttling burst (quota 2/s)', counted, said(result));
		expect(result.error).toBeUndefined();
		expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0 });
		expect(counted.attempted).toBeGreaterThan(5);
	});

	it('Send to Users · token revoked mid-run', async () => {
		await faults({ latencyMs: 40 });
		const users = userIds(1, 100);
		const pending = run({
			credentials: credentials(),
			parameters: toUsers(users, { options: { concurrency: 1 } }),
		});
		while ((await env.client.requestsTo(BATCH_SEND)).length < 2) await env.client.state();
		await env.client.revokeTokens();
		const result = await pending;
		const counted = await countOto(users, result);
		row('Send to Users · token revoked mid-run', counted, `${said(result)}; refreshed once`);
		expect(result.error).toBeUndefined();
		expect(
			(await env.client.requestsTo(BATCH_SEND)).filter((r) => r.outcome === 'token-rejected'),
		).toHaveLength(1);
		expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0 });
	});

	it('Send to Users · flow-controlled users', async () => {
		await faults({ flowControlledTimes: { user0003: 1, user0007: 2 } });
		const users = userIds(1, 20);
		const result = await run({ credentials: credentials(), parameters: toUsers(users) });
		const counted = await countOto(users, result);
		row('Send to Users · flow-controlled users (2, re-sent after 1 s, 2 s)', counted, said(result));
		expect(result.output[0].json.flowControlledUserIds).toEqual([]);
		expect(counted).toMatchObject({ delivered: 20, lost: 0, duplicated: 0, attempted: 3 });
	});

	it.each([
		[
			'5xx burst on one call',
			{ type: 'status', status: 503, path: BATCH_SEND, after: 1, count: 1 } as FaultRule,
			20,
		],
		[
			'connection reset before DingTalk processed a call',
			{ type: 'drop-before', path: BATCH_SEND, after: 1, count: 1 } as FaultRule,
			20,
		],
		[
			'connection reset after DingTalk processed a call (answer lost)',
			{ type: 'drop-after', path: BATCH_SEND, after: 1, count: 1 } as FaultRule,
			40,
		],
		[
			'answer slower than the timeout (DingTalk processed it)',
			{ type: 'latency', ms: TIMEOUT_MS + 1000, path: BATCH_SEND, after: 1, count: 1 } as FaultRule,
			40,
		],
	])('Send to Users · %s', async (name, rule, delivered) => {
		await rules(rule);
		const users = userIds(1, 60);
		const result = await run({
			credentials: credentials(),
			parameters: toUsers(users, { options: { concurrency: 1 } }),
		});
		const counted = await countOto(users, result);
		row(`Send to Users · ${name}`, counted, said(result));
		expect(result.error?.description).toContain('unknown');
		expect(result.error?.description).toContain(
			'Already sent before this failure to 20 of 60 users',
		);
		expect(counted).toMatchObject({ delivered, lost: 0, duplicated: 0, attempted: 2 });
	});

	it('Send to Group · QPS throttling, and a 5xx on one item (Continue On Fail)', async () => {
		await faults({
			throttles: [{ path: GROUP_SEND, qps: 2 }],
			rules: [{ type: 'status', status: 502, path: GROUP_SEND, after: 2, count: 1 }],
		});
		const items = Array.from({ length: 6 }, (_, n) => ({ json: { n } }));
		const intended = items.map((_, n) => `group message ${n}`);
		const result = await run({
			credentials: credentials(),
			continueOnFail: true,
			items,
			parameters: {
				resource: 'message',
				operation: 'sendToGroup',
				conversationId: GROUP,
				messageType: 'text',
				content: '={{ "group message " + $json.n }}',
			},
		});
		const reported = result.output.flatMap((o, n) =>
			o.json.error !== undefined ? [intended[n]] : [],
		);
		const counted = await count(
			[GROUP_SEND],
			intended,
			(d) => (d.channel === 'group' ? String((d.msgParam as IDataObject).content) : undefined),
			reported,
		);
		row(
			'Send to Group · QPS throttling + 5xx on one call (Continue On Fail)',
			counted,
			said(result),
		);
		expect(reported).toHaveLength(1);
		expect(counted).toMatchObject({ delivered: 5, lost: 0, duplicated: 0 });
	});

	it('Send Work Notification · old-API throttling (90018) and a token revoked before the run', async () => {
		const creds = await staleCredentials();
		await faults({ throttles: [{ path: WORK_NOTICE, qps: 1 }] });
		const users = userIds(1, 250);
		const result = await run({
			credentials: creds,
			parameters: toWorkNotice(users, 'notice'),
		});
		const counted = await countWork(users, result);
		row(
			'Work notification · QPS throttling (90018) + stale token',
			counted,
			`${said(result)}; refreshed once`,
		);
		expect(result.error).toBeUndefined();
		expect(counted).toMatchObject({ delivered: 250, lost: 0, duplicated: 0 });
	});

	it('Send Work Notification · answer lost after DingTalk processed the call', async () => {
		await rules({ type: 'drop-after', path: WORK_NOTICE, count: 1 });
		const users = userIds(1, 150);
		const result = await run({
			credentials: credentials(),
			parameters: toWorkNotice(users, 'notice', { options: { concurrency: 1 } }),
		});
		const counted = await countWork(users, result);
		row(
			'Work notification · connection reset after processing (answer lost)',
			counted,
			said(result),
		);
		expect(result.error?.description).toContain('unknown');
		expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0, attempted: 1 });
	});

	it('Upload to Drive · 5xx burst on upload info, a part dropped mid-upload, a signed URL that expired', async () => {
		await axios.post(`${env.emulator.apiBaseUrl}/__emulator/storage/settings`, {
			expirationSeconds: 1,
		});
		await rules(
			{ type: 'status', status: 503, path: '/files/uploadInfos/query', count: 2 },
			{ type: 'drop-before', host: 'oss' as never, path: '/part-2', count: 1 },
			{ type: 'latency', host: 'oss' as never, path: '/oss/', ms: 1500, count: 1 },
		);
		const names = ['small-a.pdf', 'large-b.pdf', 'small-c.pdf'];
		const items = names.map((fileName, n) =>
			binaryItem({
				data: {
					fileName,
					mimeType: 'application/pdf',
					bytes: n === 1 ? Buffer.alloc(2 * 1024 * 1024 + 100, n) : `%PDF ${fileName}`,
				},
			}),
		);
		const result = await run({
			credentials: credentials(),
			items,
			parameters: uploadToDrive({ options: { partSizeMb: 1 } }),
		});
		const counted = await countFiles(names, result);
		row(
			'Upload to Drive · 5xx on upload info, part dropped mid-upload, URL expired',
			counted,
			said(result),
		);
		expect(result.error).toBeUndefined();
		expect(counted).toMatchObject({ delivered: 3, lost: 0, duplicated: 0 });
	});

	it('Upload to Drive · commit answer lost', async () => {
		await rules({ type: 'drop-after', path: COMMIT, count: 1 });
		const names = ['commit-lost.pdf'];
		const result = await run({
			credentials: credentials(),
			items: [
				binaryItem({
					data: { fileName: names[0], mimeType: 'application/pdf', bytes: '%PDF commit' },
				}),
			],
			parameters: uploadToDrive(),
		});
		const counted = await countFiles(names, result);
		row('Upload to Drive · connection reset after commit (answer lost)', counted, said(result));
		expect(result.error?.description).toContain('unknown');
		expect(counted).toMatchObject({ delivered: 1, lost: 0, duplicated: 0 });
	});

	it('File → Send to Group · stale token, 5xx on the space lookup, one send whose answer was lost', async () => {
		const creds = await staleCredentials();
		await rules(
			{ type: 'status', status: 500, path: '/conversations/spaces/query', count: 2 },
			{ type: 'drop-after', path: CONV_FILE_SEND, after: 1, count: 1 },
		);
		const names = ['g-0.pdf', 'g-1.pdf', 'g-2.pdf'];
		const result = await run({
			credentials: creds,
			continueOnFail: true,
			items: names.map((fileName) =>
				binaryItem({ data: { fileName, mimeType: 'application/pdf', bytes: `%PDF ${fileName}` } }),
			),
			parameters: fileToGroup(),
		});
		const reported = result.output.flatMap((o, n) =>
			o.json.error !== undefined ? [names[n]] : [],
		);
		const counted = await count(
			[CONV_FILE_SEND],
			names,
			(d) => (d.channel === 'groupFile' ? d.name : undefined),
			reported,
		);
		row('Group file · stale token, 5xx on space lookup, send answer lost', counted, said(result));
		expect(reported).toEqual(['g-1.pdf']);
		expect(String(result.output[1].json.description)).toContain('unknown');
		expect(counted).toMatchObject({ delivered: 3, lost: 0, duplicated: 0 });
	});

	describe("with n8n's Retry On Fail (3 tries)", () => {
		const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

		it('throttling and a revoked token are absorbed inside the node: it never fails, so n8n never re-runs it', async () => {
			const creds = await staleCredentials();
			await faults({ throttles: [{ path: BATCH_SEND, qps: 2 }] });
			const users = userIds(1, 100);
			const result = await run({ credentials: creds, settings: retry, parameters: toUsers(users) });
			const counted = await countOto(users, result);
			row('Retry On Fail · throttling + stale token', counted, `${said(result)}; 1 try`);
			expect(result.error).toBeUndefined();
			expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0 });
		});

		it('a permanent refusal after a partial send: every try fails, nothing is sent twice, and the last error still lists who has the message', async () => {
			await rules({
				type: 'status',
				status: 403,
				path: BATCH_SEND,
				after: 1,
				body: {
					code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
					message: '超过企业调用上限',
					requestid: 'RQ-QUOTA',
				},
			});
			const users = userIds(1, 60);
			const result = await run({
				credentials: credentials(),
				settings: retry,
				parameters: toUsers(users, { options: { concurrency: 1 } }),
			});
			const counted = await countOto(users, result);
			row(
				'Retry On Fail · quota exhausted after the first call',
				counted,
				`${said(result)}; 3 tries`,
			);
			expect(counted).toMatchObject({ delivered: 20, lost: 0, duplicated: 0, attempted: 4 });
			expect(result.error?.message).toContain('ApiCountLimitForOrg');
			// The third try sent nothing new, yet knows what the first delivered (earlier tries' ledger).
			expect(result.error?.description).toContain(
				'Already sent before this failure to 20 of 60 users',
			);
		});

		it('a transient 5xx after a partial send: n8n re-runs the node, which sends only to those the first try did not reach', async () => {
			await rules({ type: 'status', status: 503, path: BATCH_SEND, after: 1, count: 1 });
			const users = userIds(1, 60);
			const result = await run({
				credentials: credentials(),
				settings: retry,
				parameters: toUsers(users, { options: { concurrency: 1 } }),
			});
			const counted = await countOto(users, result);
			row('Retry On Fail · one 5xx after a partial send', counted, `${said(result)}; 2 tries`);
			expect(result.error).toBeUndefined();
			expect(counted).toMatchObject({ delivered: 60, lost: 0, duplicated: 0 });
			// The second try skipped the 20 the first delivered and says so.
			expect(result.output[0].json.alreadySentUserIds).toEqual(users.slice(0, 20));
			expect(result.output[0].json.sentUserIds).toHaveLength(60);
		});

		it('work notification: a 5xx on the second call; the re-run notifies only the 50 the first try did not reach', async () => {
			await rules({ type: 'status', status: 503, path: WORK_NOTICE, after: 1, count: 1 });
			const users = userIds(1, 150);
			const result = await run({
				credentials: credentials(),
				settings: retry,
				parameters: toWorkNotice(users, 'retry notice', { options: { concurrency: 1 } }),
			});
			const counted = await countWork(users, result);
			row(
				'Retry On Fail · work notification, one 5xx after a partial send',
				counted,
				`${said(result)}; 2 tries`,
			);
			expect(result.error).toBeUndefined();
			expect(counted).toMatchObject({ delivered: 150, lost: 0, duplicated: 0, attempted: 3 });
			expect(result.output[0].json.userIds).toHaveLength(150);
			expect(result.output[0].json.taskIds).toHaveLength(2);
		});
	});
});

/** Drive files: a committed file counts as delivered (AUTO_RENAME would show a repeat as "name(1).ext"). */
async function countFiles(names: string[], result: RunResult): Promise<Counted> {
	await settled();
	const state = (await env.client.state()) as unknown as {
		requests: Array<{ path: string }>;
		storage: { dentries: Array<{ name: string }> };
	};
	const base = (name: string) => name.replace(/\(\d+\)(\.[^.]+)$/, '$1');
	const stored = state.storage.dentries.map((d) => base(d.name)).filter((n) => names.includes(n));
	const distinct = new Set(stored);
	const reported = new Set(
		result.error
			? names
			: result.output.flatMap((o, n) => (o.json.error !== undefined ? [names[n]] : [])),
	);
	return {
		attempted: state.requests.filter((r) => r.path.includes(COMMIT)).length,
		delivered: distinct.size,
		intended: names.length,
		lost: names.filter((n) => !distinct.has(n) && !reported.has(n)).length,
		duplicated: stored.length - distinct.size,
	};
}
