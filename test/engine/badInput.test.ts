/**
 * Bad input, across every operation: three items of which only the middle one is bad, with
 * Continue On Fail on. The bad item becomes exactly one error item, paired with item 1, whose
 * message names the parameter (its display name in the editor) and the item, and whose
 * description says how to fix it; the other two items succeed, and DingTalk (the emulator)
 * receives only their calls.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_CUSTOM_ROBOTS } from '../emulator/products/customRobot';
import { fileToGroup, uploadToDrive } from '../support/fileParameters';
import { binaryItem } from '../support/items';
import { useEmulator } from '../support/useEmulator';
import { runNode, TestCredentialsHelper } from './harness';

const env = useEmulator();

const GROUP = 'cidEmuGroup+One/AAA==';
const [, KEYWORD_ROBOT, PLAIN_ROBOT] = DEFAULT_CUSTOM_ROBOTS;
const V = '={{ $json.v }}';

const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const GROUP_SEND = '/v1.0/robot/groupMessages/send';
const WORK_NOTICE = '/topapi/message/corpconversation/asyncsend_v2';
const COMMIT = '/files/commit';
const CONV_FILE_SEND = '/v1.0/convFile/conversations/files/send';
const MEDIA_UPLOAD = '/media/upload';

type Three = [INodeExecutionData, INodeExecutionData, INodeExecutionData];

/** Three items whose `v` is good, bad, good. */
const three = (good0: unknown, bad: unknown, good2: unknown): Three => [
	{ json: { v: good0 } as IDataObject },
	{ json: { v: bad } as IDataObject },
	{ json: { v: good2 } as IDataObject },
];

const file = (fileName: string, mimeType: string, bytes: string | Buffer, json: IDataObject = {}) =>
	binaryItem({ data: { fileName, mimeType, bytes } }, json);

const buttons = (n: number, from = 1) =>
	Array.from({ length: n }, (_, k) => ({
		title: `B${from + k}`,
		url: `https://example.com/b${from + k}`,
	}));

interface BadInputCase {
	/** Operation (resource/operation) and what is wrong. */
	name: string;
	parameters: IDataObject;
	/** The three items; may first create what the good items need (sent messages, files). */
	items: Three | (() => Promise<Three>);
	/** Exactly the error text of item 1. */
	message: string | (() => string);
	/** Part of the description: how to fix it. */
	fix: string;
	/** The call the good items make, and how many of them reach DingTalk (items combined or not). */
	endpoint: string;
	calls: number;
	/** Robot 1:1 deliveries, in order, when the case sends to users. */
	delivered?: string[];
	/** Text that only the bad item's call would carry. */
	absent?: () => string;
	credentialType?: 'dingTalkCustomRobotApi';
	customRobot?: { accessToken: string; keyword?: string };
}

const sendToUsers = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: 'user0001',
	messageType: 'text',
	content: 'Hello',
	...extra,
});
const sendToGroup = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendToGroup',
	conversationId: GROUP,
	messageType: 'text',
	content: 'Hello group',
	...extra,
});
const workNotice = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendWorkNotification',
	recipientType: 'users',
	userIds: 'user0001',
	messageType: 'text',
	content: 'Notice',
	...extra,
});
const upload = (extra: IDataObject): IDataObject =>
	uploadToDrive({ parentId: '2000001', ...extra });
const customRobot = (extra: IDataObject): IDataObject => ({
	resource: 'customRobot',
	operation: 'sendMessage',
	messageType: 'text',
	content: 'Hello robot',
	...extra,
});
const apiRequest = (extra: IDataObject): IDataObject => ({
	resource: 'api',
	operation: 'request',
	api: 'old',
	method: 'POST',
	path: '/topapi/v2/user/get',
	...extra,
});

const reply = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'reply',
	conversationId: GROUP,
	conversationType: 'group',
	senderUserId: 'user0001',
	sessionWebhook: '',
	sessionWebhookExpiresAt: '',
	messageType: 'text',
	content: 'Thanks',
	...extra,
});
const cardSend = (extra: IDataObject): IDataObject => ({
	resource: 'card',
	operation: 'send',
	sendTo: 'user',
	userId: 'user0001',
	title: 'Alert',
	content: 'Details',
	...extra,
});

/** The operations with a Content text parameter, and the call their good items make. */
const TEXT_OPERATIONS: Array<{
	name: string;
	parameters: (extra: IDataObject) => IDataObject;
	endpoint: string;
	calls: number;
	empty?: string;
	robot?: boolean;
}> = [
	{
		name: 'Send to Users',
		parameters: sendToUsers,
		endpoint: BATCH_SEND,
		calls: 2,
		empty: 'Content is empty in parameter "Content" [item 1]',
	},
	{
		name: 'Send to Group',
		parameters: sendToGroup,
		endpoint: GROUP_SEND,
		calls: 2,
		empty: 'Content is empty in parameter "Content" [item 1]',
	},
	{
		name: 'Send Work Notification',
		parameters: (extra) => workNotice({ ...extra, options: { combine: false } }),
		endpoint: WORK_NOTICE,
		calls: 2,
		empty: 'Content is empty in parameter "Content" [item 1]',
	},
	{
		name: 'Reply',
		parameters: reply,
		endpoint: GROUP_SEND,
		calls: 2,
		empty: 'Content is empty in parameter "Content" [item 1]',
	},
	{
		name: 'Custom Robot',
		parameters: customRobot,
		endpoint: '/robot/send',
		calls: 2,
		empty: 'Content is empty in parameter "Content" [item 1]',
		robot: true,
	},
	// A card's content is optional (the title carries it): null is an empty content there, not an error.
	{
		name: 'Card Send',
		parameters: cardSend,
		endpoint: '/v1.0/im/v1.0/robot/interactiveCards/send',
		calls: 2,
	},
];

/** An object, an array or null mapped into Content: one error item naming the parameter, nothing of it sent. */
const mappedTextCases: BadInputCase[] = TEXT_OPERATIONS.flatMap((op) =>
	(
		[
			[
				'an object',
				{ text: 'secretish-object-value' },
				'Expected text but got an object in parameter "Content" [item 1]',
				'Map a field that holds text',
			],
			[
				'an array',
				['secretish-array-value'],
				'Expected text but got an array in parameter "Content" [item 1]',
				'Map a field that holds text',
			],
			...(op.empty ? [['null', null, op.empty, '']] : []),
		] as Array<[string, unknown, string, string]>
	).map(([what, bad, message, fix]) => ({
		name: `${op.name}: ${what} mapped into Content`,
		parameters: op.parameters({ content: V }),
		items: three('first', bad, 'third'),
		message,
		fix,
		endpoint: op.endpoint,
		calls: op.calls,
		absent: () => 'secretish-',
		...(op.robot
			? { credentialType: 'dingTalkCustomRobotApi' as const, customRobot: PLAIN_ROBOT }
			: {}),
	})),
);

const pdfs = (names: [string, string, string], json: Array<IDataObject> = [{}, {}, {}]): Three =>
	names.map((name, n) => file(name, 'application/pdf', `%PDF-1.4 item ${n}`, json[n])) as Three;

/** Sends one robot 1:1 message per user and returns the processQueryKeys. */
async function sentKeys(...users: string[]): Promise<string[]> {
	const { output } = await runNode({
		credentials: new TestCredentialsHelper(env.emulator.credentials()),
		items: users.map((u) => ({ json: { u } })),
		parameters: sendToUsers({ userIds: '={{ $json.u }}', content: '={{ "setup " + $json.u }}' }),
	});
	return output.map((o) => o.json.processQueryKey as string);
}

async function sentGroupKeys(count: number): Promise<string[]> {
	const { output } = await runNode({
		credentials: new TestCredentialsHelper(env.emulator.credentials()),
		items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		parameters: sendToGroup({ content: '={{ "setup " + $json.n }}' }),
	});
	return output.map((o) => o.json.processQueryKey as string);
}

async function workTaskIds(count: number): Promise<string[]> {
	const { output } = await runNode({
		credentials: new TestCredentialsHelper(env.emulator.credentials()),
		items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		parameters: workNotice({ content: '={{ "setup " + $json.n }}', options: { combine: false } }),
	});
	return output.map((o) => String(o.json.taskId));
}

async function messageFile(name: string): Promise<string> {
	const answer = await axios.post(`${env.emulator.apiBaseUrl}/__emulator/messageFiles`, {
		fileName: name,
		contentType: 'application/pdf',
		base64: Buffer.from(`%PDF ${name}`).toString('base64'),
	});
	return answer.data.downloadCode as string;
}

async function driveFile(name: string): Promise<string> {
	const { output } = await runNode({
		credentials: new TestCredentialsHelper(env.emulator.credentials()),
		items: [file(name, 'application/pdf', `%PDF ${name}`)],
		parameters: upload({}),
	});
	return String(output[0].json.id);
}

const cases: BadInputCase[] = [
	// ---- Message → Send to Users ------------------------------------------------------------
	{
		name: 'Send to Users: no user IDs',
		parameters: sendToUsers({ userIds: V }),
		items: three('user0001', '  ', 'user0003'),
		message: 'No user IDs given in parameter "User IDs" [item 1]',
		fix: 'Enter at least one userId (用户ID)',
		endpoint: BATCH_SEND,
		calls: 1,
		delivered: ['user0001', 'user0003'],
	},
	{
		name: 'Send to Users: a broken JSON array of user IDs',
		parameters: sendToUsers({ userIds: V }),
		items: three('["user0001"]', '["user0002",', 'user0003'),
		message:
			'The text starts with "[" but is not a valid JSON array of user IDs in parameter "User IDs" [item 1]',
		fix: 'Write ["id1", "id2"]',
		endpoint: BATCH_SEND,
		calls: 1,
		delivered: ['user0001', 'user0003'],
	},
	{
		name: 'Send to Users: a list of objects instead of user IDs',
		parameters: sendToUsers({ userIds: V }),
		items: three(['user0001'], [{ id: 'user0002' }], ['user0003']),
		message: 'Entry 1 of the list is object, not a user ID in parameter "User IDs" [item 1]',
		fix: 'Map the user ID field itself',
		endpoint: BATCH_SEND,
		calls: 1,
		delivered: ['user0001', 'user0003'],
	},
	{
		name: 'Send to Users: an object instead of a list',
		parameters: sendToUsers({ userIds: V }),
		items: three('user0001', { id: 'user0002' }, 'user0003'),
		message: 'Expected a list of user IDs, got object in parameter "User IDs" [item 1]',
		fix: 'map an array of IDs with an expression',
		endpoint: BATCH_SEND,
		calls: 1,
		delivered: ['user0001', 'user0003'],
	},
	{
		name: 'Send to Users: empty content',
		parameters: sendToUsers({ content: V }),
		items: three('good 0', '   ', 'good 2'),
		message: 'Content is empty in parameter "Content" [item 1]',
		fix: 'Enter the message text',
		endpoint: BATCH_SEND,
		calls: 2,
		delivered: ['user0001', 'user0001'],
	},
	{
		name: 'Send to Users: Markdown without a title',
		parameters: sendToUsers({ messageType: 'markdown', title: V, content: '## body' }),
		items: three('Title 0', '', 'Title 2'),
		message: 'Title is empty in parameter "Title" [item 1]',
		fix: 'Markdown messages need a title',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: an image URL that is not a link',
		parameters: sendToUsers({ messageType: 'image', imageSource: 'url', imageUrl: V }),
		items: three(
			'https://example.com/a.png',
			'ftp://example.com/b.png',
			'https://example.com/c.png',
		),
		message:
			'Image URL "ftp://example.com/b.png" is not a link DingTalk can open in parameter "Image URL" [item 1]',
		fix: 'Use a full URL starting with https://',
		endpoint: BATCH_SEND,
		calls: 2,
		absent: () => 'b.png',
	},
	{
		name: 'Send to Users: an empty image URL',
		parameters: sendToUsers({ messageType: 'image', imageSource: 'url', imageUrl: V }),
		items: three('https://example.com/a.png', '', 'https://example.com/c.png'),
		message: 'Image URL is empty in parameter "Image URL" [item 1]',
		fix: 'Enter a full link starting with https://',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: a link message whose Message URL has no scheme',
		parameters: sendToUsers({
			messageType: 'link',
			title: 'T',
			content: 'C',
			picUrl: 'https://example.com/p.png',
			messageUrl: V,
		}),
		items: three('https://example.com/0', 'example.com/1', 'https://example.com/2'),
		message:
			'Message URL "example.com/1" is not a link DingTalk can open in parameter "Message URL" [item 1]',
		fix: 'Use a full URL starting with https://',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: a link message without a picture URL',
		parameters: sendToUsers({
			messageType: 'link',
			title: 'T',
			content: 'C',
			messageUrl: 'https://example.com/m',
			picUrl: V,
		}),
		items: three('https://example.com/0.png', ' ', 'https://example.com/2.png'),
		message: 'Picture URL is empty in parameter "Picture URL" [item 1]',
		fix: 'Enter a full link starting with https://',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: an action card button without a title',
		parameters: sendToUsers({
			messageType: 'actionCard',
			title: 'T',
			content: 'C',
			buttons: { button: [buttons(1)[0], { title: V, url: 'https://example.com/2' }] },
		}),
		items: three('Approve', ' ', 'Reject'),
		message: 'Button 2 has no title in parameter "Buttons" [item 1]',
		fix: 'Give every button a title',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: an action card button whose link is not a link',
		parameters: sendToUsers({
			messageType: 'actionCard',
			title: 'T',
			content: 'C',
			buttons: { button: [{ title: 'Open', url: V }] },
		}),
		items: three(
			'https://example.com/0',
			'javascript:alert(1)',
			'dingtalk://dingtalkclient/page/link?url=x',
		),
		message: 'Button 1 has no valid link in parameter "Buttons" [item 1]',
		fix: 'Use a full URL starting with https://',
		endpoint: BATCH_SEND,
		calls: 2,
		absent: () => 'javascript:alert',
	},
	{
		name: 'Send to Users: side-by-side buttons with 3 buttons',
		parameters: sendToUsers({
			messageType: 'actionCard',
			title: 'T',
			content: 'C',
			buttonOrientation: V,
			buttons: { button: buttons(3) },
		}),
		items: three('vertical', 'horizontal', 'vertical'),
		message:
			'Side-by-side buttons need exactly 2 buttons, got 3 in parameter "Button Orientation" [item 1]',
		fix: 'choose Vertical for 2–5 buttons',
		endpoint: BATCH_SEND,
		calls: 1,
		delivered: ['user0001'],
	},
	{
		name: 'Send to Users: audio without a duration (checked before anything is uploaded)',
		parameters: sendToUsers({ messageType: 'audio', binaryPropertyName: 'data', audioDuration: V }),
		items: [
			file('a.mp3', 'audio/mpeg', 'ID3 a', { v: 5000 }),
			file('b.mp3', 'audio/mpeg', 'ID3 b', { v: 0 }),
			file('c.mp3', 'audio/mpeg', 'ID3 c', { v: 6000 }),
		],
		message: 'Duration is missing or not a positive number in parameter "Duration (Ms)" [item 1]',
		fix: 'Enter the length of the recording in milliseconds',
		endpoint: MEDIA_UPLOAD,
		calls: 2,
	},
	{
		name: 'Send to Users: video without a duration (checked before anything is uploaded)',
		parameters: sendToUsers({
			messageType: 'video',
			binaryPropertyName: 'data',
			coverBinaryPropertyName: 'cover',
			videoDuration: V,
		}),
		items: [0, 1, 2].map((n) =>
			binaryItem(
				{
					data: { fileName: `v${n}.mp4`, mimeType: 'video/mp4', bytes: `mp4 ${n}` },
					cover: { fileName: `c${n}.png`, mimeType: 'image/png', bytes: `png ${n}` },
				},
				{ v: n === 1 ? -3 : 30 + n },
			),
		) as Three,
		message:
			'Duration is missing or not a positive number in parameter "Duration (Seconds)" [item 1]',
		fix: 'Enter the length of the video in seconds',
		endpoint: MEDIA_UPLOAD,
		calls: 4,
	},
	{
		name: 'Send to Users: a file message from a binary field the item does not have',
		parameters: sendToUsers({ messageType: 'file', binaryPropertyName: V }),
		items: [
			file('a.pdf', 'application/pdf', '%PDF a', { v: 'data' }),
			file('b.pdf', 'application/pdf', '%PDF b', { v: 'attachment' }),
			file('c.pdf', 'application/pdf', '%PDF c', { v: 'data' }),
		],
		message: 'The item has no binary field "attachment" in parameter "Input Binary Field" [item 1]',
		fix: 'Binary fields on this item: data. Enter one of them.',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: a file type DingTalk does not accept',
		parameters: sendToUsers({ messageType: 'file', binaryPropertyName: 'data' }),
		items: [
			file('a.pdf', 'application/pdf', '%PDF a'),
			file('tool.exe', 'application/octet-stream', 'MZ'),
			file('c.pdf', 'application/pdf', '%PDF c'),
		],
		message:
			'"tool.exe" is a .exe file, which DingTalk does not accept here in parameter "Input Binary Field" [item 1]',
		fix: 'Files sent by the robot must be one of: doc, docx, xls, xlsx, ppt, pptx, zip, pdf, rar.',
		endpoint: BATCH_SEND,
		calls: 2,
	},
	{
		name: 'Send to Users: an audio file over 2 MB',
		parameters: sendToUsers({
			messageType: 'audio',
			binaryPropertyName: 'data',
			audioDuration: 4000,
		}),
		items: [
			file('a.mp3', 'audio/mpeg', 'ID3 a'),
			file('big.mp3', 'audio/mpeg', Buffer.alloc(2 * 1024 * 1024 + 1, 1)),
			file('c.mp3', 'audio/mpeg', 'ID3 c'),
		],
		message:
			'"big.mp3" is 2.0 MB, over DingTalk\'s 2 MB limit in parameter "Input Binary Field" [item 1]',
		fix: 'Compress the file below 2 MB.',
		endpoint: BATCH_SEND,
		calls: 2,
	},

	// ---- Message → Send to Group ------------------------------------------------------------
	{
		name: 'Send to Group: no conversation ID',
		parameters: sendToGroup({ conversationId: V }),
		items: three(GROUP, ' ', 'chatemu0001'),
		message: 'No conversation ID given in parameter "Conversation ID" [item 1]',
		fix: 'Enter the group\'s openConversationId (starts with "cid") or its chatId',
		endpoint: GROUP_SEND,
		calls: 2,
	},
	{
		name: 'Send to Group: a message over 15,000 bytes',
		parameters: sendToGroup({ content: V }),
		items: three('short 0', '界'.repeat(5001), 'short 2'),
		message:
			'The message is 15017 bytes, over DingTalk\'s 15000-byte limit for group messages in parameter "Content" [item 1]',
		fix: 'Chinese characters count 3 bytes each',
		endpoint: GROUP_SEND,
		calls: 2,
	},
	{
		name: 'Send to Group: an action card button without a link',
		parameters: sendToGroup({
			messageType: 'actionCard',
			title: 'T',
			content: 'C',
			buttons: { button: [{ title: 'Open', url: V }] },
		}),
		items: three('https://example.com/0', 'not a link', 'https://example.com/2'),
		message: 'Button 1 has no valid link in parameter "Buttons" [item 1]',
		fix: 'Use a full URL starting with https://',
		endpoint: GROUP_SEND,
		calls: 2,
	},

	// ---- Message → Send Work Notification ---------------------------------------------------
	{
		name: 'Send Work Notification: an AgentId that is not a number',
		parameters: workNotice({ options: { agentId: V } }),
		items: three('3000000001', 'dingemu7a1b2c3d4e5f6a7b', '3000000001'),
		message: 'AgentId "dingemu7a1b2c3d4e5f6a7b" is not a number in parameter "AgentId" [item 1]',
		fix: 'It is not the Client ID.',
		endpoint: WORK_NOTICE,
		calls: 1,
	},
	{
		name: 'Send Work Notification: no user IDs',
		parameters: workNotice({ userIds: V }),
		items: three('user0001', '', 'user0003'),
		message: 'No user IDs given in parameter "User IDs" [item 1]',
		fix: 'Enter at least one userId (用户ID).',
		endpoint: WORK_NOTICE,
		calls: 1,
	},
	{
		name: 'Send Work Notification: no department IDs',
		parameters: workNotice({ recipientType: 'departments', deptIds: V }),
		items: three('100', ' ', '1'),
		message: 'No department IDs given in parameter "Department IDs" [item 1]',
		fix: 'Enter 1 to 20 department IDs',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: 21 departments',
		parameters: workNotice({ recipientType: 'departments', deptIds: V }),
		items: three('100', Array.from({ length: 21 }, (_, n) => String(200 + n)).join(','), '100,1'),
		message: '21 departments given in parameter "Department IDs" [item 1]',
		fix: 'Enter 1 to 20 department IDs',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: Markdown over 5,000 characters',
		parameters: workNotice({ messageType: 'markdown', title: 'T', content: V }),
		items: three('# zero', 'x'.repeat(5001), '# two'),
		message: 'Markdown text is 5001 characters long in parameter "Content" [item 1]',
		fix: 'DingTalk accepts at most 5,000 characters',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: a notification over 2,048 bytes',
		parameters: workNotice({ content: V }),
		items: three('zero', 'y'.repeat(2100), 'two'),
		message:
			'The notification is 2140 bytes, over DingTalk\'s 2048-byte limit in parameter "Content" [item 1]',
		fix: 'send a link to the full text',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: an OA header color that is not a color',
		parameters: workNotice({
			messageType: 'oa',
			headText: 'HR',
			messageUrl: 'https://example.com/oa',
			content: 'Leave',
			headBgColor: V,
		}),
		items: three('#1677FF', 'blue-ish', '#00AA00'),
		message: 'Header color "blue-ish" is not a hex color in parameter "Header Color" [item 1]',
		fix: 'Use #RRGGBB',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: an OA message without header text',
		parameters: workNotice({
			messageType: 'oa',
			messageUrl: 'https://example.com/oa',
			content: 'Leave',
			headText: V,
		}),
		items: three('HR', '', 'IT'),
		message: 'Header Text is empty in parameter "Header Text" [item 1]',
		fix: 'OA messages need a header text',
		endpoint: WORK_NOTICE,
		calls: 2,
	},
	{
		name: 'Send Work Notification: an image item without a file',
		parameters: workNotice({ messageType: 'image', binaryPropertyName: 'data' }),
		items: [file('a.png', 'image/png', 'png a'), { json: {} }, file('c.png', 'image/png', 'png c')],
		message: 'The item has no binary field "data" in parameter "Input Binary Field" [item 1]',
		fix: 'The item carries no file at all',
		endpoint: WORK_NOTICE,
		calls: 2,
	},

	// ---- Message → Get Work Notification Result, Recall, Get Read Status ---------------------
	{
		name: 'Get Work Notification Result: a task ID that is not a number',
		parameters: { resource: 'message', operation: 'getWorkNotificationResult', taskId: V },
		items: async () => {
			const [a, b] = await workTaskIds(2);
			return three(a, 'task-1', b);
		},
		message: 'Task ID "task-1" is not a number in parameter "Task ID" [item 1]',
		fix: 'Map the taskId output of Send Work Notification.',
		endpoint: '/topapi/message/corpconversation/getsendresult',
		calls: 2,
	},
	{
		name: 'Get Work Notification Result: no task ID',
		parameters: { resource: 'message', operation: 'getWorkNotificationResult', taskId: V },
		items: async () => {
			const [a, b] = await workTaskIds(2);
			return three(a, '', b);
		},
		message: 'No task ID given in parameter "Task ID" [item 1]',
		fix: 'Map the taskId output of Send Work Notification.',
		endpoint: '/topapi/message/corpconversation/getsendresult',
		calls: 2,
	},
	{
		name: 'Recall (users): no processQueryKey',
		parameters: {
			resource: 'message',
			operation: 'recall',
			recallFrom: 'users',
			processQueryKeys: V,
		},
		items: async () => {
			const [a, b] = await sentKeys('user0001', 'user0003');
			return three(a, ' ', b);
		},
		message: 'No processQueryKey given in parameter "Process Query Keys" [item 1]',
		fix: 'Map the processQueryKey(s) output of the send.',
		endpoint: '/v1.0/robot/otoMessages/batchRecall',
		calls: 2,
	},
	{
		name: 'Recall (users): a broken JSON array of processQueryKeys',
		parameters: {
			resource: 'message',
			operation: 'recall',
			recallFrom: 'users',
			processQueryKeys: V,
		},
		items: async () => {
			const [a, b] = await sentKeys('user0001', 'user0003');
			return three([a], '["abc', [b]);
		},
		message:
			'The text starts with "[" but is not a valid JSON array of processQueryKeys in parameter "Process Query Keys" [item 1]',
		fix: 'Write ["id1", "id2"]',
		endpoint: '/v1.0/robot/otoMessages/batchRecall',
		calls: 2,
	},
	{
		name: 'Recall (group): no conversation ID',
		parameters: {
			resource: 'message',
			operation: 'recall',
			recallFrom: 'group',
			processQueryKeys: '={{ $json.key }}',
			conversationId: V,
		},
		items: async () => {
			const keys = await sentGroupKeys(3);
			return keys.map((key, n) => ({ json: { key, v: n === 1 ? '' : GROUP } })) as unknown as Three;
		},
		message: 'No conversation ID given in parameter "Conversation ID" [item 1]',
		fix: "Enter the group's openConversationId",
		endpoint: '/v1.0/robot/groupMessages/recall',
		calls: 2,
	},
	{
		name: 'Recall (work notification): a task ID that is not a number',
		parameters: {
			resource: 'message',
			operation: 'recall',
			recallFrom: 'workNotification',
			taskId: V,
		},
		items: async () => {
			const [a, b] = await workTaskIds(2);
			return three(a, '25627x', b);
		},
		message: 'Task ID "25627x" is not a number in parameter "Task ID" [item 1]',
		fix: 'Map the taskId output of Send Work Notification.',
		endpoint: '/topapi/message/corpconversation/recall',
		calls: 2,
	},
	{
		name: 'Get Read Status (users): no processQueryKey',
		parameters: {
			resource: 'message',
			operation: 'getReadStatus',
			messageFrom: 'users',
			processQueryKey: V,
		},
		items: async () => {
			const [a, b] = await sentKeys('user0001', 'user0003');
			return three(a, '', b);
		},
		message: 'No processQueryKey given in parameter "Process Query Key" [item 1]',
		fix: 'Map the processQueryKey output of the send.',
		endpoint: '/v1.0/robot/oToMessages/readStatus',
		calls: 2,
	},
	{
		name: 'Get Read Status (group): no conversation ID',
		parameters: {
			resource: 'message',
			operation: 'getReadStatus',
			messageFrom: 'group',
			processQueryKey: '={{ $json.key }}',
			conversationId: V,
		},
		items: async () => {
			const keys = await sentGroupKeys(3);
			return keys.map((key, n) => ({
				json: { key, v: n === 1 ? ' ' : GROUP },
			})) as unknown as Three;
		},
		message: 'No conversation ID given in parameter "Conversation ID" [item 1]',
		fix: "Enter the group's openConversationId",
		endpoint: '/v1.0/robot/groupMessages/query',
		calls: 2,
	},

	// ---- File → Upload to Drive -------------------------------------------------------------
	{
		name: 'Upload to Drive: neither a space ID nor a folder link',
		parameters: upload({ spaceId: V }),
		items: pdfs(
			['a.pdf', 'b.pdf', 'c.pdf'],
			[
				{ v: '1000001' },
				{ v: 'Team files' },
				{ v: 'https://space.dingtalk.com/spaces/1000001/folders/2000001' },
			],
		),
		message:
			'"Team files" is neither a space ID nor a folder link in parameter "Space ID or Folder Link" [item 1]',
		fix: 'Enter the numeric space ID (空间ID), or paste the folder link',
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: a folder link without a space ID',
		parameters: upload({ spaceId: V }),
		items: pdfs(
			['a.pdf', 'b.pdf', 'c.pdf'],
			[{ v: '1000001' }, { v: 'https://space.dingtalk.com/spaces/home' }, { v: '1000001' }],
		),
		message: 'The folder link contains no space ID in parameter "Space ID or Folder Link" [item 1]',
		fix: 'Copy the link of a folder',
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: a parent folder ID that is not a number',
		parameters: upload({ parentId: V }),
		items: pdfs(['a.pdf', 'b.pdf', 'c.pdf'], [{ v: '2000001' }, { v: 'Reports' }, { v: '0' }]),
		message: 'Parent folder ID "Reports" is not a number in parameter "Parent Folder ID" [item 1]',
		fix: "Use 0 for the space's root",
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: no operator',
		parameters: upload({ operatorId: V }),
		items: pdfs(['a.pdf', 'b.pdf', 'c.pdf'], [{ v: 'user0001' }, { v: '' }, { v: 'user0002' }]),
		message: 'No operator given in parameter "Operator ID" [item 1]',
		fix: 'Enter the userId (用户ID) of the person the upload is done as',
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: an operator DingTalk does not know',
		parameters: upload({ operatorId: V }),
		items: pdfs(
			['a.pdf', 'b.pdf', 'c.pdf'],
			[{ v: 'user0001' }, { v: 'user9999' }, { v: 'user0002' }],
		),
		message: 'DingTalk has no user "user9999" in parameter "Operator ID" [item 1]',
		fix: 'Check the userId (用户ID)',
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: a binary field the item does not have',
		parameters: upload({ binaryPropertyName: V }),
		items: pdfs(['a.pdf', 'b.pdf', 'c.pdf'], [{ v: 'data' }, { v: 'file' }, { v: 'data' }]),
		message: 'The item has no binary field "file" in parameter "Input Binary Field" [item 1]',
		fix: 'Binary fields on this item: data.',
		endpoint: COMMIT,
		calls: 2,
	},
	{
		name: 'Upload to Drive: a file name DingTalk refuses',
		parameters: upload({ options: { fileName: V } }),
		items: pdfs(
			['a.pdf', 'b.pdf', 'c.pdf'],
			[{ v: 'zero.pdf' }, { v: 'report*final.pdf' }, { v: 'two.pdf' }],
		),
		message:
			'"report*final.pdf" is not a valid DingTalk file name in parameter "File Name" [item 1]',
		fix: 'Remove tabs and * " < > |',
		endpoint: COMMIT,
		calls: 2,
	},

	// ---- File → Send to Group, Upload Media, Download Message File ---------------------------
	{
		name: 'File Send to Group: no conversation ID',
		parameters: fileToGroup({ conversationId: V }),
		items: pdfs(['a.pdf', 'b.pdf', 'c.pdf'], [{ v: GROUP }, { v: '' }, { v: 'chatemu0001' }]),
		message: 'No conversation ID given in parameter "Conversation ID" [item 1]',
		fix: "Enter the group's openConversationId",
		endpoint: CONV_FILE_SEND,
		calls: 2,
	},
	{
		name: 'File Send to Group: no operator',
		parameters: fileToGroup({ operatorId: V }),
		items: pdfs(['a.pdf', 'b.pdf', 'c.pdf'], [{ v: 'user0001' }, { v: ' ' }, { v: 'user0002' }]),
		message: 'No operator given in parameter "Operator ID" [item 1]',
		fix: 'Enter the userId (用户ID)',
		endpoint: CONV_FILE_SEND,
		calls: 2,
	},
	{
		name: 'File Send to Group (existing Drive file): a space ID that is not a number',
		parameters: fileToGroup({ source: 'drive', spaceId: V, dentryId: '={{ $json.id }}' }),
		items: async () => {
			const [a, b] = [await driveFile('x.pdf'), await driveFile('y.pdf')];
			return [
				{ json: { v: '1000001', id: a } },
				{ json: { v: 'team', id: a } },
				{ json: { v: '1000001', id: b } },
			];
		},
		message: 'No valid space ID given in parameter "Space ID" [item 1]',
		fix: 'Enter the numeric space ID of the file.',
		endpoint: CONV_FILE_SEND,
		calls: 2,
	},
	{
		name: 'File Send to Group (existing Drive file): a file ID that is not a number',
		parameters: fileToGroup({ source: 'drive', spaceId: '1000001', dentryId: V }),
		items: async () => {
			const [a, b] = [await driveFile('x.pdf'), await driveFile('y.pdf')];
			return three(a, 'x.pdf', b);
		},
		message: 'No valid file ID given in parameter "File ID" [item 1]',
		fix: 'Map the "id" output of Upload to Drive.',
		endpoint: CONV_FILE_SEND,
		calls: 2,
	},
	{
		name: 'File Send to Group (as robot): a file type the robot cannot send',
		parameters: fileToGroup({ sendAs: 'robot' }),
		items: [
			file('a.pdf', 'application/pdf', '%PDF a'),
			file('photo.heic', 'image/heic', 'heic'),
			file('c.zip', 'application/zip', 'PK c'),
		],
		message:
			'"photo.heic" is a .heic file, which DingTalk does not accept here in parameter "Input Binary Field" [item 1]',
		fix: 'For other types or larger files use File → Upload to Drive or File → Send to Group.',
		endpoint: GROUP_SEND,
		calls: 2,
	},
	{
		name: 'Upload Media: a voice file of the wrong type',
		parameters: {
			resource: 'file',
			operation: 'uploadMedia',
			mediaType: 'voice',
			binaryPropertyName: 'data',
		},
		items: [
			file('a.mp3', 'audio/mpeg', 'ID3 a'),
			file('note.txt', 'text/plain', 'hello'),
			file('c.wav', 'audio/wav', 'RIFF c'),
		],
		message:
			'"note.txt" is a .txt file, which DingTalk does not accept here in parameter "Input Binary Field" [item 1]',
		fix: 'Audio messages must be one of: amr, mp3, wav.',
		endpoint: MEDIA_UPLOAD,
		calls: 2,
	},
	{
		name: 'Upload Media: an item without a file',
		parameters: {
			resource: 'file',
			operation: 'uploadMedia',
			mediaType: 'image',
			binaryPropertyName: 'data',
		},
		items: [
			file('a.png', 'image/png', 'png a'),
			{ json: { note: 'no file' } },
			file('c.jpg', 'image/jpeg', 'jpg c'),
		],
		message: 'The item has no binary field "data" in parameter "Input Binary Field" [item 1]',
		fix: 'The item carries no file at all',
		endpoint: MEDIA_UPLOAD,
		calls: 2,
	},
	{
		name: 'Download Message File: no download code',
		parameters: {
			resource: 'file',
			operation: 'downloadMessageFile',
			downloadCode: V,
			binaryPropertyName: 'data',
		},
		items: async () => three(await messageFile('a.pdf'), ' ', await messageFile('c.pdf')),
		message: 'No download code given in parameter "Download Code" [item 1]',
		fix: 'Map downloadCode from a DingTalk Trigger robot message.',
		endpoint: '/v1.0/robot/messageFiles/download',
		calls: 2,
	},

	// ---- User, Conversation -----------------------------------------------------------------
	{
		name: 'User Get: no user ID',
		parameters: { resource: 'user', operation: 'get', userId: V },
		items: three('user0001', '', 'user0003'),
		message: 'No user ID given in parameter "User ID" [item 1]',
		fix: 'Enter a userId (用户ID)',
		endpoint: '/topapi/v2/user/get',
		calls: 2,
	},
	{
		name: 'User Get by Mobile: not a phone number',
		parameters: { resource: 'user', operation: 'getByMobile', mobile: V },
		items: three('13800000001', 'call me', '+86 138-0000-0003'),
		message: '"callme" is not a phone number in parameter "Mobile" [item 1]',
		fix: 'Enter digits only, e.g. 13800000000.',
		endpoint: '/topapi/v2/user/getbymobile',
		calls: 2,
	},
	{
		name: 'User Get by Mobile: no mobile number',
		parameters: { resource: 'user', operation: 'getByMobile', mobile: V },
		items: three('13800000001', '', '13800000003'),
		message: 'No mobile number given in parameter "Mobile" [item 1]',
		fix: 'Enter digits only, e.g. 13800000000.',
		endpoint: '/topapi/v2/user/getbymobile',
		calls: 2,
	},
	{
		name: 'Conversation: an openConversationId where a chatId is wanted',
		parameters: { resource: 'conversation', operation: 'getOpenConversationId', chatId: V },
		items: three('chatemu0001', GROUP, 'chatemu0002'),
		message: `"${GROUP}" is not a chatId in parameter "Chat ID" [item 1]`,
		fix: 'an ID starting with "cid" is already an openConversationId',
		endpoint: '/convertToOpenConversationId',
		calls: 2,
	},
	{
		name: 'Conversation: no chat ID',
		parameters: { resource: 'conversation', operation: 'getOpenConversationId', chatId: V },
		items: three('chatemu0001', '', 'chatemu0002'),
		message: 'No chat ID given in parameter "Chat ID" [item 1]',
		fix: 'A chatId starts with "chat"',
		endpoint: '/convertToOpenConversationId',
		calls: 2,
	},

	// ---- Custom Robot → Send Message --------------------------------------------------------
	{
		name: 'Custom Robot: empty content',
		parameters: customRobot({ content: V }),
		items: three('zero', ' ', 'two'),
		message: 'Content is empty in parameter "Content" [item 1]',
		fix: 'Enter the message text.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: Markdown without a title',
		parameters: customRobot({ messageType: 'markdown', content: '**body**', title: V }),
		items: three('T0', '', 'T2'),
		message: 'Title is empty in parameter "Title" [item 1]',
		fix: 'This message type needs a title.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: a link message whose URL is not a link',
		parameters: customRobot({ messageType: 'link', title: 'T', content: 'C', messageUrl: V }),
		items: three('https://example.com/0', 'www.example.com/1', 'https://example.com/2'),
		message: 'Message URL is not a link DingTalk can open in parameter "Message URL" [item 1]',
		fix: 'Use a full URL starting with https://.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: a feed card link without a picture',
		parameters: customRobot({
			messageType: 'feedCard',
			feedLinks: { link: [{ title: 'A', url: 'https://example.com/a', picUrl: V }] },
		}),
		items: three('https://example.com/a.png', '', 'https://example.com/c.png'),
		message: 'Link 1 is missing its title, URL or picture URL in parameter "Feed Links" [item 1]',
		fix: 'Fill in all three for every link.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: an action card button without a link',
		parameters: customRobot({
			messageType: 'actionCard',
			title: 'T',
			content: 'C',
			buttons: { button: [{ title: 'Go', url: V }] },
		}),
		items: three('https://example.com/0', '', 'https://example.com/2'),
		message: 'Button 1 has no title or no valid link in parameter "Buttons" [item 1]',
		fix: 'Give every button a title and a full https:// link.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: mentions given as objects',
		parameters: customRobot({ options: { atUserIds: V } }),
		items: three(['user0001'], [{ userId: 'user0002' }], 'user0003'),
		message:
			'Entry 1 of the list is object, not a user ID in parameter "Mention User IDs" [item 1]',
		fix: 'Map the user ID field itself',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: a message over 20,000 bytes with splitting off',
		parameters: customRobot({ content: V, options: { split: false } }),
		items: three('zero', 'z'.repeat(20001), 'two'),
		message:
			'The message is 20041 bytes, over DingTalk\'s 20000-byte limit in parameter "Content" [item 1]',
		fix: 'Turn on Split Long Messages, or shorten the text.',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: PLAIN_ROBOT,
	},
	{
		name: 'Custom Robot: a message without the keyword, Append Keyword off',
		parameters: customRobot({ content: V, options: { appendKeyword: false } }),
		items: three('告警: disk full', 'disk quota', '告警: cpu hot'),
		message: 'The message lacks the robot\'s keyword "告警" in parameter "Content" [item 1]',
		fix: 'include it, or turn on Append Keyword',
		absent: () => 'disk quota',
		endpoint: '/robot/send',
		calls: 2,
		credentialType: 'dingTalkCustomRobotApi',
		customRobot: KEYWORD_ROBOT,
	},

	// ---- API → Make a Request ---------------------------------------------------------------
	{
		name: 'API Request: a path without a leading slash',
		parameters: apiRequest({ path: V, body: '{"userid":"user0001"}' }),
		items: three('/topapi/v2/user/get', 'topapi/v2/user/get', '/topapi/v2/user/get'),
		message: '"topapi/v2/user/get" does not start with "/" in parameter "Path" [item 1]',
		fix: 'Enter a path such as /v1.0/… (new API) or /topapi/… (old API)',
		endpoint: '/topapi/v2/user/get',
		calls: 2,
	},
	{
		name: 'API Request: a URL on a foreign host (the token must not go there)',
		parameters: apiRequest({ path: V, body: '{"userid":"user0001"}' }),
		items: three(
			'/topapi/v2/user/get',
			'https://collector.example.net/topapi/v2/user/get',
			'/topapi/v2/user/get',
		),
		message: () =>
			`"https://collector.example.net/topapi/v2/user/get" is not on this credential's old API host (${env.emulator.oapiBaseUrl}); the access token is only ever sent there in parameter "Path" [item 1]`,
		fix: 'pick the matching API',
		endpoint: '/topapi/v2/user/get',
		calls: 2,
		absent: () => 'collector.example.net',
	},
	{
		name: "API Request: the object store's URL (a third-party host)",
		parameters: apiRequest({ path: V, body: '{"userid":"user0001"}' }),
		items: () =>
			Promise.resolve(
				three('/topapi/v2/user/get', `${env.emulator.ossBaseUrl}/oss/probe`, '/topapi/v2/user/get'),
			),
		message: () =>
			`"${env.emulator.ossBaseUrl}/oss/probe" is not on this credential's old API host (${env.emulator.oapiBaseUrl}); the access token is only ever sent there in parameter "Path" [item 1]`,
		fix: 'pick the matching API',
		endpoint: '/topapi/v2/user/get',
		calls: 2,
		// The object store saw nothing at all.
		absent: () => '"oss"',
	},
	{
		name: 'API Request: a body that is not JSON',
		parameters: apiRequest({ body: V }),
		items: three('{"userid":"user0001"}', '{"userid": user0002}', '{"userid":"user0003"}'),
		message: 'The body is not valid JSON in parameter "JSON Body" [item 1]',
		fix: 'Check quotes and commas',
		endpoint: '/topapi/v2/user/get',
		calls: 2,
		absent: () => 'user0002',
	},
];

cases.push(...mappedTextCases);

/** Part Size (MB) that is not a number, zero or negative: refused before anything of the item is sent. */
cases.push(
	...(
		[
			['not a number', 'abc'],
			['zero', 0],
			['negative', -4],
		] as Array<[string, string | number]>
	).map(
		([what, bad]): BadInputCase => ({
			name: `Upload to Drive: a part size that is ${what}`,
			parameters: upload({ options: { partSizeMb: V } }),
			items: pdfs(['p0.pdf', 'p1-bad.pdf', 'p2.pdf'], [{ v: 8 }, { v: bad }, { v: 8 }]),
			message: `Part size "${String(bad)}" is not a number from 1 to 512 in parameter "Part Size (MB)" [item 1]`,
			fix: 'Enter the size of each uploaded part in MB',
			endpoint: COMMIT,
			calls: 2,
			absent: () => 'p1-bad',
		}),
	),
);

describe('bad input: the middle of three items is bad, Continue On Fail on', () => {
	it('covers at least 40 distinct cases', () => {
		expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
		expect(cases.length).toBeGreaterThanOrEqual(40);
	});

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const items = typeof testCase.items === 'function' ? await testCase.items() : testCase.items;
		const before = (await env.client.state()).requests.length;
		const messagesBefore = (await env.client.state()).messages.length;
		const credentials = testCase.customRobot
			? new TestCredentialsHelper({
					webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${testCase.customRobot.accessToken}`,
					keyword: testCase.customRobot.keyword ?? '',
				})
			: new TestCredentialsHelper(env.emulator.credentials());
		const { output, error } = await runNode({
			credentials,
			credentialType: testCase.credentialType,
			continueOnFail: true,
			items,
			parameters: testCase.parameters,
		});

		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const message = typeof testCase.message === 'function' ? testCase.message() : testCase.message;
		expect(output[1].json.error).toBe(message);
		expect(output[1].json.description).toEqual(expect.stringContaining(testCase.fix));
		expect(output.filter((o) => o.json.error !== undefined)).toHaveLength(1);

		const state = await env.client.state();
		const seen = state.requests.slice(before);
		const calls = seen.filter((r) => r.path.includes(testCase.endpoint));
		expect(calls).toHaveLength(testCase.calls);
		expect(calls.every((r) => r.outcome === 'ok')).toBe(true);
		// Nothing of the bad item reached DingTalk or the object store.
		if (testCase.absent)
			expect(JSON.stringify(seen.map((r) => [r.host, r.path, r.query, r.body]))).not.toContain(
				testCase.absent(),
			);
		if (testCase.delivered)
			expect(state.messages.slice(messagesBefore).map((m) => m.userId)).toEqual(testCase.delivered);
	});

	it('without Continue On Fail, the bad item stops the node with a NodeOperationError before anything is sent', async () => {
		const { output, error } = await runNode({
			credentials: new TestCredentialsHelper(env.emulator.credentials()),
			items: three('user0001', '["user0002",', 'user0003'),
			parameters: sendToUsers({ userIds: V }),
		});
		// n8n stores the error serialised: the class survives as its name.
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message:
				'The text starts with "[" but is not a valid JSON array of user IDs in parameter "User IDs" [item 1]',
			context: { itemIndex: 1 },
		});
		expect(error?.description).toContain('Write ["id1", "id2"]');
		expect(output).toEqual([]);
		expect(await env.client.requestsTo(BATCH_SEND)).toHaveLength(0);
		expect((await env.client.state()).messages).toHaveLength(0);
	});
});

describe('numbers and booleans mapped into text parameters are sent as text', () => {
	it.each(TEXT_OPERATIONS.map((op) => [op.name, op] as const))(
		'%s: 42, true and 0.5 become "42", "true" and "0.5"',
		async (_name, op) => {
			const credentials = op.robot
				? new TestCredentialsHelper({
						webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${PLAIN_ROBOT.accessToken}`,
						keyword: '',
					})
				: new TestCredentialsHelper(env.emulator.credentials());
			const { output, error } = await runNode({
				credentials,
				credentialType: op.robot ? 'dingTalkCustomRobotApi' : undefined,
				continueOnFail: true,
				items: three(42, true, 0.5),
				parameters: op.parameters({ content: V }),
			});
			expect(error).toBeUndefined();
			expect(output.map((o) => o.json.error)).toEqual([undefined, undefined, undefined]);
			const calls = (await env.client.state()).requests.filter((r) => r.path.includes(op.endpoint));
			expect(calls).toHaveLength(3);
			const sent = JSON.stringify(calls.map((r) => r.body));
			// Each call carries its item's value as text (inside DingTalk's JSON, possibly escaped in msgParam).
			calls.forEach((call, n) =>
				expect(JSON.stringify(call.body)).toContain(['42', 'true', '0.5'][n]),
			);
			expect(sent).not.toContain('[object Object]');
		},
	);
});
