import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { binaryItem, userIds } from '../../support/items';
import { runNode, TestCredentialsHelper } from '../harness';

const ASYNC_SEND = '/topapi/message/corpconversation/asyncsend_v2';

const env = useEmulator();

const credentials = (extra: Record<string, string> = {}) =>
	new TestCredentialsHelper(env.emulator.credentials(extra));
const notify = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendWorkNotification',
	recipientType: 'users',
	userIds: 'user0001',
	messageType: 'text',
	content: '请在周五前提交报销单',
	...extra,
});

describe('Message → Send Work Notification', () => {
	it('sends 250 users in calls of 100 (comma-separated userid_list, numeric agent_id, token in the query)', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: notify({ userIds: userIds(1, 250).join(',') }),
		});
		expect(error).toBeUndefined();
		const calls = await env.client.requestsTo(ASYNC_SEND);
		expect(calls.map((c) => (c.body?.userid_list as string).split(',').length)).toEqual([
			100, 100, 50,
		]);
		expect(calls[0]).toMatchObject({ host: 'oapi', tokenInQuery: true, tokenInHeader: false });
		expect(calls[0].body).toMatchObject({
			agent_id: Number(env.emulator.app.agentId),
			msg: { msgtype: 'text', text: { content: '请在周五前提交报销单' } },
		});
		expect(output[0].json.taskIds).toHaveLength(3);
		expect(output[0].json.note).toContain('Get Work Notification Result');
		expect((await env.client.state()).messages.filter((m) => m.channel === 'work')).toHaveLength(
			250,
		);
	});

	it('combines identical notifications across items into one call', async () => {
		const items = userIds(1, 30).map((u) => ({ json: { u } }));
		const { output } = await runNode({
			credentials: credentials(),
			items,
			parameters: notify({ userIds: '={{ $json.u }}' }),
		});
		expect(await env.client.requestsTo(ASYNC_SEND)).toHaveLength(1);
		expect(output.map((o) => o.json.userIds)).toEqual(items.map((i) => [i.json.u]));
	});

	it('sends to departments and to everyone', async () => {
		await runNode({
			credentials: credentials(),
			parameters: notify({ recipientType: 'departments', deptIds: '100' }),
		});
		await runNode({
			credentials: credentials(),
			parameters: notify({ recipientType: 'all', content: 'all hands' }),
		});
		const calls = await env.client.requestsTo(ASYNC_SEND);
		expect(calls[0].body).toMatchObject({ dept_id_list: '100' });
		expect(calls[1].body).toMatchObject({ to_all_user: true });
	});

	it("sends OA, action card, link, markdown and file notifications in DingTalk's snake_case shapes", async () => {
		await runNode({
			credentials: credentials(),
			parameters: notify({
				messageType: 'oa',
				headText: 'HR',
				headBgColor: '#1677FF',
				messageUrl: 'https://hr.example.com/1',
				title: '请假',
				content: '已批准',
				form: { field: [{ key: '天数', value: '2' }] },
			}),
		});
		await runNode({
			credentials: credentials(),
			parameters: notify({
				messageType: 'actionCard',
				title: 'Review',
				content: 'PR #7',
				buttons: {
					button: [
						{ title: 'A', url: 'https://e.com/a' },
						{ title: 'B', url: 'https://e.com/b' },
					],
				},
			}),
		});
		await runNode({
			credentials: credentials(),
			items: [
				binaryItem({
					data: {
						fileName: 'policy.docx',
						mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
						bytes: 'PK docx',
					},
				}),
			],
			parameters: notify({ messageType: 'file' }),
		});
		const [oa, card, file] = (await env.client.requestsTo(ASYNC_SEND)).map(
			(c) => c.body?.msg as IDataObject,
		);
		expect(oa).toEqual({
			msgtype: 'oa',
			oa: {
				message_url: 'https://hr.example.com/1',
				head: { bgcolor: 'FF1677FF', text: 'HR' },
				body: { title: '请假', content: '已批准', form: [{ key: '天数', value: '2' }] },
			},
		});
		expect(card).toMatchObject({
			msgtype: 'action_card',
			action_card: {
				btn_orientation: '0',
				btn_json_list: [
					{ title: 'A', action_url: 'https://e.com/a' },
					{ title: 'B', action_url: 'https://e.com/b' },
				],
			},
		});
		expect(file).toMatchObject({
			msgtype: 'file',
			file: { media_id: expect.stringMatching(/^@/) },
		});
		expect((await env.client.state()).messages.filter((m) => m.channel === 'work')).toHaveLength(3);
	});

	it('Get Work Notification Result shows what DingTalk dropped silently, with the reason', async () => {
		const first = await runNode({
			credentials: credentials(),
			parameters: notify({ userIds: 'user0001,user0002,ghost' }),
		});
		const again = await runNode({
			credentials: credentials(),
			parameters: notify({ userIds: 'user0001' }),
		});
		expect(again.error).toBeUndefined();
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getWorkNotificationResult',
				taskId: again.output[0].json.taskId as string,
			},
		});
		expect(output[0].json.forbidden).toEqual([
			expect.objectContaining({
				userId: 'user0001',
				code: '143106',
				reason: expect.stringContaining('same content'),
			}),
		]);
		const firstResult = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getWorkNotificationResult',
				taskId: first.output[0].json.taskId as string,
			},
		});
		expect(firstResult.output[0].json.invalidUserIds).toEqual(['ghost']);
		expect(firstResult.output[0].json.unreadUserIds).toEqual(
			expect.arrayContaining(['user0001', 'user0002']),
		);
	});

	describe('bad input', () => {
		it('no AgentId anywhere → says where to find it', async () => {
			const { error } = await runNode({
				credentials: credentials({ agentId: '' }),
				parameters: notify({}),
			});
			expect(error?.message).toContain('No AgentId set in parameter "AgentId" [item 0]');
			expect(error?.description).toContain('It is not the Client ID');
		});

		it('an empty user list, and 21 departments', async () => {
			const empty = await runNode({
				credentials: credentials(),
				parameters: notify({ userIds: ' , ' }),
			});
			expect(empty.error?.message).toContain('No user IDs given in parameter "User IDs"');
			const depts = await runNode({
				credentials: credentials(),
				parameters: notify({
					recipientType: 'departments',
					deptIds: Array.from({ length: 21 }, (_, i) => i + 1).join(','),
				}),
			});
			expect(depts.error?.message).toContain('21 departments given');
			expect(await env.client.requestsTo(ASYNC_SEND)).toHaveLength(0);
		});

		it('a notification over 2,048 bytes is refused before sending', async () => {
			const { error } = await runNode({
				credentials: credentials(),
				parameters: notify({ content: '长'.repeat(700) }),
			});
			expect(error?.message).toContain("over DingTalk's 2048-byte limit");
			expect(await env.client.requestsTo(ASYNC_SEND)).toHaveLength(0);
		});
	});
});
