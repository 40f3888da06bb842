'use strict';
// Every robot message type from a real n8n: one workflow, one DingTalk node per type, binaries
// made by a Code node (n8n's filesystem binary mode), all checked at the env.emulator.
const { useRealN8n } = require('./setup');
const { N8nInstance } = require('./n8n');

const CRED = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const TYPES = [
	['Text', { messageType: 'text', content: 'text message' }],
	['Markdown', { messageType: 'markdown', title: 'MD', content: '**markdown**' }],
	[
		'Image URL',
		{ messageType: 'image', imageSource: 'url', imageUrl: 'https://example.com/a.png' },
	],
	['Image File', { messageType: 'image', imageSource: 'binary', binaryPropertyName: 'png' }],
	[
		'Link',
		{
			messageType: 'link',
			title: 'Link',
			content: 'body',
			messageUrl: 'https://example.com/x',
			picUrl: 'https://example.com/p.png',
		},
	],
	[
		'Action Card',
		{
			messageType: 'actionCard',
			title: 'Card',
			content: 'card',
			buttons: {
				button: [
					{ title: 'A', url: 'https://e.com/a' },
					{ title: 'B', url: 'https://e.com/b' },
					{ title: 'C', url: 'https://e.com/c' },
				],
			},
		},
	],
	['Audio', { messageType: 'audio', binaryPropertyName: 'mp3', audioDuration: 3000 }],
	['File', { messageType: 'file', binaryPropertyName: 'pdf' }],
	[
		'Video',
		{
			messageType: 'video',
			binaryPropertyName: 'mp4',
			coverBinaryPropertyName: 'jpg',
			videoDuration: 9,
		},
	],
];
const EXPECTED_KEYS = [
	'sampleText',
	'sampleMarkdown',
	'sampleImageMsg',
	'sampleImageMsg',
	'sampleLink',
	'sampleActionCard3',
	'sampleAudio',
	'sampleFile',
	'sampleVideo',
];

function workflow() {
	const file = (name, mime, text) =>
		`${name}: { data: Buffer.from(${JSON.stringify(text)}).toString('base64'), mimeType: '${mime}', fileName: '${name}.${name === 'jpg' ? 'jpg' : name}' }`;
	const nodes = [
		{
			id: 'a11c0000-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'a11c0000-0000-4000-8000-000000000002',
			name: 'Files',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode: `return [{ json: {}, binary: { ${[file('png', 'image/png', 'PNG'), file('mp3', 'audio/mpeg', 'ID3'), file('pdf', 'application/pdf', '%PDF'), file('mp4', 'video/mp4', 'MP4'), file('jpg', 'image/jpeg', 'JPG')].join(', ')} } }];`,
			},
		},
	];
	TYPES.forEach(([name, params], i) =>
		nodes.push({
			id: `a11c0000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
			name,
			type: 'n8n-nodes-dingtalk-app.dingTalk',
			typeVersion: 1,
			position: [400 + i * 200, 0],
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: 'user0001',
				...params,
				options: {},
			},
			credentials: CRED,
		}),
	);
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	// Each DingTalk node outputs JSON only; later nodes read the files from the Code node's item.
	return {
		id: 'dtE2eAllTypes0001',
		name: 'all robot message types',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const env = useRealN8n();

it("sends every robot message type from a real n8n, in DingTalk's exact shapes", async () => {
	const wf = workflow();
	// Later nodes get the Code node's item (with its binaries) as input, not the previous node's output.
	for (const [name] of TYPES.slice(1))
		wf.connections.Files.main[0].push({ node: name, type: 'main', index: 0 });
	for (const [name] of TYPES) delete wf.connections[name];
	await env.n8n.importWorkflow(wf);
	const { code, stdout } = await env.n8n.execute(wf.id, {
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	});
	expect({ code, tail: code === 0 ? '' : stdout.slice(-2000) }).toEqual({ code: 0, tail: '' });
	const state = await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();
	const sends = state.requests.filter((r) => r.path === '/v1.0/robot/oToMessages/batchSend');
	expect(sends.map((r) => r.body.msgKey).sort()).toEqual([...EXPECTED_KEYS].sort());
	expect(sends.every((r) => r.status === 200 && typeof r.body.msgParam === 'string')).toBe(true);
	const uploads = state.requests
		.filter((r) => r.path === '/media/upload')
		.map((r) => r.query.type)
		.sort();
	expect(uploads).toEqual(['file', 'image', 'image', 'video', 'voice']);
	expect(state.messages).toHaveLength(9);
});
