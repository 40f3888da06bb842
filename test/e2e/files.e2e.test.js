'use strict';
// File operations in a real n8n, filesystem binary mode: a small upload, a multipart upload
// streamed from n8n's binary store, a file into a group by chatId; bytes checked by sha256.
const crypto = require('node:crypto');

const { useRealN8n } = require('./setup');
const { N8nInstance } = require('./n8n');

function workflow(id, bytes, fileName, dingtalk) {
	return {
		id,
		name: id,
		nodes: [
			{
				id: 'f1e00000-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'f1e00000-0000-4000-8000-000000000002',
				name: 'File',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				// Deterministic bytes, so the test can compute the expected sha256.
				parameters: {
					jsCode: `const size = ${bytes}; const b = Buffer.alloc(size); for (let i = 0; i < size; i++) b[i] = (i * 7 + 3) % 251;\nreturn [{ json: {}, binary: { data: await this.helpers.prepareBinaryData(b, '${fileName}', 'application/octet-stream') } }];`,
				},
			},
			{
				id: 'f1e00000-0000-4000-8000-000000000003',
				name: 'DingTalk',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [400, 0],
				parameters: dingtalk,
				credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'File', type: 'main', index: 0 }]] },
			File: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function expectedSha(size) {
	const b = Buffer.alloc(size);
	for (let i = 0; i < size; i++) b[i] = (i * 7 + 3) % 251;
	return crypto.createHash('sha256').update(b).digest('hex');
}

const drive = (options = {}) => ({
	resource: 'file',
	operation: 'uploadToDrive',
	spaceId: '1000001',
	parentId: '2000001',
	operatorId: 'user0001',
	operatorIdType: 'userId',
	binaryPropertyName: 'data',
	options,
});
const WF = {
	small: workflow('dtE2eFileSmall001', 300 * 1024, 'small.bin', drive()),
	multipart: workflow(
		'dtE2eFileMulti001',
		2.5 * 1024 * 1024,
		'multi.bin',
		drive({ partSizeMb: 1 }),
	),
	group: workflow('dtE2eFileGroup001', 40 * 1024, '方案.docx', {
		resource: 'file',
		operation: 'sendToGroup',
		conversationId: 'chatemu0001',
		sendAs: 'user',
		operatorId: 'user0001',
		operatorIdType: 'userId',
		source: 'binary',
		binaryPropertyName: 'data',
		options: {},
	}),
};
const ENV = { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };
const state = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();

const env = useRealN8n(async ({ emulator, n8n }) => {
	for (const wf of Object.values(WF)) await n8n.importWorkflow(wf);
});

beforeEach(async () => {
	await fetch(`${env.emulator.apiBaseUrl}/__emulator/reset`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ storage: true }),
	});
});

describe('files in real n8n (filesystem binary mode)', () => {
	it.each([
		['a small file in one PUT', 'small', 300 * 1024, 1],
		['a multipart upload streamed from the binary store', 'multipart', 2.5 * 1024 * 1024, 3],
	])(
		'%s: bytes stored intact, no token sent to the object store',
		async (_label, key, size, puts) => {
			const { code, run, stdout } = await env.n8n.execute(WF[key].id, ENV);
			expect({ code, tail: code === 0 ? '' : stdout.slice(-1500) }).toEqual({ code: 0, tail: '' });
			const [item] = N8nInstance.output(run, 'DingTalk');
			const s = await state();
			const stored = s.storage.dentries.find((d) => String(d.id) === String(item.json.id));
			expect(stored).toMatchObject({ size, sha256: expectedSha(size) });
			expect(
				s.requests.filter((r) => r.host === 'oss' && r.method === 'PUT' && r.status === 200),
			).toHaveLength(puts);
			expect(s.storage.tokenLeaks).toEqual([]);
		},
	);

	it("sends a file into a group by chatId, as the operator, through the group's files", async () => {
		const { code, run } = await env.n8n.execute(WF.group.id, ENV);
		expect(code).toBe(0);
		const [item] = N8nInstance.output(run, 'DingTalk');
		expect(item.json).toMatchObject({
			sentAs: 'user',
			openConversationId: 'cidEmuGroup+One/AAA==',
			name: '方案.docx',
		});
		const s = await state();
		expect(s.messages.find((m) => m.channel === 'groupFile')).toMatchObject({
			sha256: expectedSha(40 * 1024),
		});
	});
});
