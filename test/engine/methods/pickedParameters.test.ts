/**
 * Operations reading the resource locators: recipients picked one by one next to the User IDs
 * text, departments picked for work notifications, a group by chatId mode, and a Drive upload
 * whose space, folder and operator come from the pickers or a pasted link — what DingTalk
 * received. Plain text in these parameters (workflows saved before) is covered by the existing
 * engine tests, which still pass it as text.
 */
import type { IDataObject } from 'n8n-workflow';

import { uploadToDrive } from '../../support/fileParameters';
import { binaryItem } from '../../support/items';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const picked = (...users: unknown[]) => ({ users: users.map((user) => ({ user })) });

const sendToUsers = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	messageType: 'text',
	content: 'hello',
	...extra,
});

describe('Users picked one by one', () => {
	it('Send to Users: User IDs text plus picked users (list, mobile), each once', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: sendToUsers({
				userIds: 'user0001, user0002',
				userList: picked(
					rl('list', 'user0002'),
					rl('list', 'user0004'),
					rl('mobile', '13800000003'),
				),
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.sentUserIds).toEqual(['user0001', 'user0002', 'user0004', 'user0003']);
		const [call] = await env.client.requestsTo('/v1.0/robot/oToMessages/batchSend');
		expect(call.body?.userIds).toEqual(['user0001', 'user0002', 'user0004', 'user0003']);
	});

	it('picked users alone are enough; neither gives the parameter error', async () => {
		const alone = await runNode({
			credentials: credentials(),
			parameters: sendToUsers({ userList: picked(rl('id', 'manager4220')) }),
		});
		expect(alone.output[0].json.sentUserIds).toEqual(['manager4220']);
		const none = await runNode({ credentials: credentials(), parameters: sendToUsers({}) });
		expect(none.error?.message).toBe('No user IDs given in parameter "User IDs" [item 0]');
	});

	it('Send Work Notification: picked users, and picked departments next to Department IDs', async () => {
		const notify = (extra: IDataObject): IDataObject => ({
			resource: 'message',
			operation: 'sendWorkNotification',
			messageType: 'text',
			content: '通知',
			...extra,
		});
		await runNode({
			credentials: credentials(),
			parameters: notify({ recipientType: 'users', userList: picked(rl('list', 'user0007')) }),
		});
		await runNode({
			credentials: credentials(),
			parameters: notify({
				recipientType: 'departments',
				deptIds: '100',
				departmentList: { departments: [{ department: rl('list', '201') }] },
			}),
		});
		const calls = await env.client.requestsTo('/topapi/message/corpconversation/asyncsend_v2');
		expect(calls[0].body).toMatchObject({ userid_list: 'user0007' });
		expect(calls[1].body).toMatchObject({ dept_id_list: '100,201' });
	});
});

describe('Groups and Drive folders', () => {
	it('Send to Group by chatId, by openConversationId, and a department group from the list', async () => {
		for (const conversationId of [
			rl('chatId', 'chatemu0001'),
			rl('id', 'cidEmuGroup+One/AAA=='),
			rl('list', 'chatemu0001'),
		]) {
			const { error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToGroup',
					conversationId,
					messageType: 'text',
					content: 'hi',
				},
			});
			expect(error).toBeUndefined();
		}
		const sends = await env.client.requestsTo('/v1.0/robot/groupMessages/send');
		expect(sends.map((s) => s.body?.openConversationId)).toEqual([
			'cidEmuGroup+One/AAA==',
			'cidEmuGroup+One/AAA==',
			'cidEmuGroup+One/AAA==',
		]);
	});

	it('Upload to Drive into a picked space and folder, as an operator given by mobile', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [binaryItem({ data: { fileName: 'a.txt', mimeType: 'text/plain', bytes: 'A' } })],
			parameters: uploadToDrive({
				spaceId: rl('list', '1000001'),
				parentId: rl('list', '2000001'),
				operatorId: rl('mobile', '13800000001'),
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			spaceId: '1000001',
			parentId: '2000001',
			name: 'a.txt',
		});
	});

	it('Upload to Drive into the folder of a pasted link (space by link, parent by link)', async () => {
		const link = 'https://alidocs.dingtalk.com/spaces/1000001/folders/2000001';
		for (const parameters of [
			{ spaceId: rl('url', link) },
			{ spaceId: rl('id', '1000001'), parentId: rl('url', link) },
		]) {
			const { output, error } = await runNode({
				credentials: credentials(),
				items: [binaryItem({ data: { fileName: 'b.txt', mimeType: 'text/plain', bytes: 'B' } })],
				parameters: uploadToDrive(parameters),
			});
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({ parentId: '2000001' });
		}
	});
});
