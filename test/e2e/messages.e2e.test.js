'use strict';
// The Message operations in a real n8n, through the example workflows: group send with chatId
// conversion, work notification + result, file (both binary modes) → read status → recall.
const path = require('node:path');

const { useRealN8n } = require('./setup');
const { N8nInstance, REPO, loadWorkflow } = require('./n8n');

const example = (name) => loadWorkflow(path.join(REPO, 'examples', name));
const GROUP = example('send-group-alert.json');
const WORK = example('work-notification-and-result.json');
const FILE = example('send-file-read-status-recall.json');

const state = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();

const env = useRealN8n(async ({ emulator, n8n }) => {
	for (const workflow of [GROUP, WORK, FILE]) await n8n.importWorkflow(workflow);
});

beforeEach(async () => {
	await fetch(`${env.emulator.apiBaseUrl}/__emulator/reset`, { method: 'POST' });
});

describe('Message operations in real n8n', () => {
	it('sends an action card to a group by chatId (converted once)', async () => {
		const { code, run } = await env.n8n.execute(GROUP.id);
		expect(code).toBe(0);
		const [item] = N8nInstance.output(run, 'Send Alert to Group');
		expect(item.json).toMatchObject({
			openConversationId: 'cidEmuGroup+One/AAA==',
			chatId: 'chatemu0001',
		});
		const s = await state();
		expect(s.requests.filter((r) => r.path.includes('convertToOpenConversationId'))).toHaveLength(
			1,
		);
		const send = s.requests.find((r) => r.path === '/v1.0/robot/groupMessages/send');
		expect(send.body.msgKey).toBe('sampleActionCard6');
		expect(JSON.parse(send.body.msgParam)).toMatchObject({
			buttonTitle1: 'Open dashboard',
			buttonUrl2: 'dtmd://dingtalkclient/sendMessage?content=ack%20web-01',
		});
		expect(s.messages).toEqual([
			expect.objectContaining({ channel: 'group', openConversationId: 'cidEmuGroup+One/AAA==' }),
		]);
	});

	it('sends an OA work notification and reads its result (invalid user reported)', async () => {
		const { code, run } = await env.n8n.execute(WORK.id);
		expect(code).toBe(0);
		const [sent] = N8nInstance.output(run, 'Send Work Notification');
		expect(sent.json.taskId).toMatch(/^\d+$/);
		const [result] = N8nInstance.output(run, 'Get Result');
		expect(result.json.invalidUserIds).toEqual(['ghost-user']);
		expect(result.json.unreadUserIds).toEqual(expect.arrayContaining(['user0001', 'user0002']));
		const s = await state();
		const call = s.requests.find((r) => r.path === '/topapi/message/corpconversation/asyncsend_v2');
		expect(call).toMatchObject({ host: 'oapi', tokenInQuery: true });
		expect(call.body.msg.oa.head).toEqual({ bgcolor: 'FF1677FF', text: 'HR' });
	});

	it.each(['filesystem', 'default'])(
		'sends a PDF from a Code node (%s binary mode), reads status, recalls it',
		async (mode) => {
			const binaryMode =
				mode === 'filesystem' ? { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' } : {};
			const { code, run, stdout } = await env.n8n.execute(FILE.id, binaryMode);
			expect({ code, tail: code === 0 ? '' : stdout.slice(-1500) }).toEqual({ code: 0, tail: '' });
			const [sent] = N8nInstance.output(run, 'Send File');
			expect(sent.json.sentUserIds).toEqual(['user0001', 'user0002']);
			const [status] = N8nInstance.output(run, 'Read Status');
			expect(status.json.unreadUserIds).toEqual(['user0001', 'user0002']);
			const [recall] = N8nInstance.output(run, 'Recall');
			expect(recall.json.recalled).toEqual([sent.json.processQueryKey]);
			const s = await state();
			const upload = s.requests.find((r) => r.path === '/media/upload');
			expect(upload).toMatchObject({
				host: 'oapi',
				tokenInQuery: true,
				query: { type: 'file' },
				status: 200,
			});
			const media = s.media.filter((m) => m.fileName === 'weekly-report.pdf').pop();
			expect(media).toMatchObject({ type: 'file', contentType: 'application/pdf' });
			const param = JSON.parse(
				s.requests.find((r) => r.path === '/v1.0/robot/oToMessages/batchSend').body.msgParam,
			);
			expect(param).toEqual({
				mediaId: media.mediaId,
				fileName: 'weekly-report.pdf',
				fileType: 'pdf',
			});
			expect(s.messages.every((m) => m.recalled)).toBe(true);
		},
	);
});
