import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { binaryItem, userIds } from '../../support/items';
import { runNode, TestCredentialsHelper } from '../harness';

const SEND = '/v1.0/robot/oToMessages/batchSend';
const UPLOAD = '/media/upload';

const env = useEmulator();

const send = (extra: IDataObject): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: 'user0001',
	...extra,
});
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

async function lastSend() {
	const sends = await env.client.requestsTo(SEND);
	return {
		body: sends[sends.length - 1].body as IDataObject,
		param: JSON.parse(sends[sends.length - 1].body?.msgParam as string) as IDataObject,
	};
}

interface MediaRecord {
	type: string;
	fileName: string;
	size: number;
}

async function media(): Promise<Record<string, MediaRecord>> {
	const list = (
		(await env.client.state()) as unknown as { media: Array<MediaRecord & { mediaId: string }> }
	).media;
	return Object.fromEntries(list.map((m) => [m.mediaId, m]));
}

describe('Send to Users: every robot message type reaches DingTalk in its exact shape', () => {
	it('image from a public URL', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: send({
				messageType: 'image',
				imageSource: 'url',
				imageUrl: 'https://example.com/chart.png',
			}),
		});
		expect(error).toBeUndefined();
		expect(await lastSend()).toMatchObject({
			body: { msgKey: 'sampleImageMsg' },
			param: { photoURL: 'https://example.com/chart.png' },
		});
	});

	it('image from a binary: uploaded to /media/upload (token in the query), then sent by media_id', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		const { error } = await runNode({
			credentials: credentials(),
			items: [binaryItem({ data: { fileName: 'chart.png', mimeType: 'image/png', bytes: png } })],
			parameters: send({ messageType: 'image', imageSource: 'binary', binaryPropertyName: 'data' }),
		});
		expect(error).toBeUndefined();
		const [upload] = await env.client.requestsTo(UPLOAD);
		expect(upload).toMatchObject({
			host: 'oapi',
			tokenInQuery: true,
			tokenInHeader: false,
			query: { type: 'image' },
			status: 200,
		});
		const { param } = await lastSend();
		const stored = await media();
		expect(stored[param.photoURL as string]).toMatchObject({
			type: 'image',
			fileName: 'chart.png',
			size: png.length,
		});
	});

	it('file (pdf) with sampleFile fileName and fileType', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({
					report: { fileName: 'Q3 报告.pdf', mimeType: 'application/pdf', bytes: '%PDF-1.4 test' },
				}),
			],
			parameters: send({ messageType: 'file', binaryPropertyName: 'report' }),
		});
		expect(error).toBeUndefined();
		const { body, param } = await lastSend();
		expect(body.msgKey).toBe('sampleFile');
		expect(param).toMatchObject({ fileName: 'Q3 报告.pdf', fileType: 'pdf' });
		expect((await media())[param.mediaId as string]).toMatchObject({
			type: 'file',
			fileName: 'Q3 报告.pdf',
		});
	});

	it('audio (mp3) with the duration as a string of milliseconds', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({ data: { fileName: 'note.mp3', mimeType: 'audio/mpeg', bytes: 'ID3 audio' } }),
			],
			parameters: send({ messageType: 'audio', audioDuration: 4200 }),
		});
		expect(error).toBeUndefined();
		const { body, param } = await lastSend();
		expect(body.msgKey).toBe('sampleAudio');
		expect(param.duration).toBe('4200');
		expect((await media())[param.mediaId as string].type).toBe('voice');
	});

	it('video (mp4) with a cover image, both uploaded', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({
					data: { fileName: 'clip.mp4', mimeType: 'video/mp4', bytes: 'mp4 bytes' },
					cover: { fileName: 'cover.jpg', mimeType: 'image/jpeg', bytes: 'jpg bytes' },
				}),
			],
			parameters: send({ messageType: 'video', videoDuration: 12 }),
		});
		expect(error).toBeUndefined();
		const { body, param } = await lastSend();
		expect(body.msgKey).toBe('sampleVideo');
		expect(param).toMatchObject({ duration: '12', videoType: 'mp4' });
		const stored = await media();
		expect(stored[param.videoMediaId as string].type).toBe('video');
		expect(stored[param.picMediaId as string].type).toBe('image');
	});

	it('link and action cards (one button, three vertical, two side by side)', async () => {
		const base = send({ title: 'Build #42', content: '**passed**' });
		await runNode({
			credentials: credentials(),
			parameters: {
				...base,
				messageType: 'link',
				messageUrl: 'https://ci.example.com/42',
				picUrl: 'https://ci.example.com/ok.png',
			},
		});
		expect(await lastSend()).toMatchObject({
			body: { msgKey: 'sampleLink' },
			param: {
				messageUrl: 'https://ci.example.com/42',
				picUrl: 'https://ci.example.com/ok.png',
				title: 'Build #42',
				text: '**passed**',
			},
		});

		const button = (n: number) => ({ title: `B${n}`, url: `https://ci.example.com/${n}` });
		await runNode({
			credentials: credentials(),
			parameters: { ...base, messageType: 'actionCard', buttons: { button: [button(1)] } },
		});
		expect(await lastSend()).toMatchObject({
			body: { msgKey: 'sampleActionCard' },
			param: { singleTitle: 'B1', singleURL: 'https://ci.example.com/1' },
		});

		await runNode({
			credentials: credentials(),
			parameters: {
				...base,
				messageType: 'actionCard',
				buttons: { button: [button(1), button(2), button(3)] },
			},
		});
		expect(await lastSend()).toMatchObject({
			body: { msgKey: `sampleActionCard${3}` },
			param: { actionTitle3: 'B3', actionURL3: 'https://ci.example.com/3' },
		});

		await runNode({
			credentials: credentials(),
			parameters: {
				...base,
				messageType: 'actionCard',
				buttonOrientation: 'horizontal',
				buttons: { button: [button(1), button(2)] },
			},
		});
		expect(await lastSend()).toMatchObject({
			body: { msgKey: `sampleActionCard${6}` },
			param: { buttonTitle2: 'B2', buttonUrl2: 'https://ci.example.com/2' },
		});
		expect((await env.client.state()).messages).toHaveLength(4);
	});
});

describe('Send to Users: throughput', () => {
	it('combines 50 items with the same text into 3 calls, and gives every item its own result', async () => {
		const items = userIds(1, 50).map((u) => ({ json: { u } }));
		const { output } = await runNode({
			credentials: credentials(),
			items,
			parameters: send({ userIds: '={{ $json.u }}', messageType: 'text', content: 'Deploy done' }),
		});
		const calls = await env.client.requestsTo(SEND);
		expect(calls.map((c) => (c.body?.userIds as string[]).length)).toEqual([20, 20, 10]);
		expect(output).toHaveLength(50);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.sentUserIds).toEqual([items[i].json.u]);
		});
		expect((await env.client.state()).messages).toHaveLength(50);
	});

	it('sends every item separately when Combine Identical Messages is off', async () => {
		const items = userIds(1, 6).map((u) => ({ json: { u } }));
		await runNode({
			credentials: credentials(),
			items,
			parameters: send({
				userIds: '={{ $json.u }}',
				messageType: 'text',
				content: 'x',
				options: { combine: false },
			}),
		});
		expect(await env.client.requestsTo(SEND)).toHaveLength(6);
	});

	it('uploads the same file once for many items', async () => {
		const items = userIds(1, 10).map((u) =>
			binaryItem(
				{ data: { fileName: 'manual.pdf', mimeType: 'application/pdf', bytes: '%PDF same' } },
				{ u },
			),
		);
		const { output } = await runNode({
			credentials: credentials(),
			items,
			parameters: send({ userIds: '={{ $json.u }}', messageType: 'file' }),
		});
		expect(output.every((o) => (o.json.sentUserIds as string[]).length === 1)).toBe(true);
		expect(await env.client.requestsTo(UPLOAD)).toHaveLength(1);
		expect(await env.client.requestsTo(SEND)).toHaveLength(1);
	});

	it('retries users DingTalk flow-controlled, and reports those still skipped', async () => {
		await env.client.faults({
			flowControlledTimes: { user0002: 1 },
			flowControlledUsers: ['user0003'],
		});
		const { output } = await runNode({
			credentials: credentials(),
			parameters: send({
				userIds: 'user0001,user0002,user0003',
				messageType: 'text',
				content: 'x',
			}),
		});
		expect(output[0].json).toMatchObject({
			sentUserIds: ['user0001', 'user0002'],
			flowControlledUserIds: ['user0003'],
		});
		const calls = await env.client.requestsTo(SEND);
		expect(calls.map((c) => c.body?.userIds)).toEqual([
			['user0001', 'user0002', 'user0003'],
			['user0002', 'user0003'],
			['user0003'],
			['user0003'],
		]);
		const delivered = (await env.client.state()).messages.map((m) => m.userId);
		expect(delivered.sort()).toEqual(['user0001', 'user0002']);
	}, 20000);
});

describe('Send to Users: bad input', () => {
	it('a file type DingTalk does not take (txt) → names the field, lists the types, sends nothing', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [binaryItem({ data: { fileName: 'notes.txt', mimeType: 'text/plain', bytes: 'hi' } })],
			parameters: send({ messageType: 'file' }),
		});
		expect(error?.message).toContain('"notes.txt" is a .txt file');
		expect(error?.message).toContain('parameter "Input Binary Field" [item 0]');
		expect(error?.description).toContain('pdf');
		expect(error?.description).toContain('Upload to Drive');
		expect(await env.client.requestsTo(UPLOAD)).toHaveLength(0);
	});

	it('a 21 MB file → over the 20 MB limit, nothing uploaded', async () => {
		const big = Buffer.alloc(21 * 1024 * 1024, 1);
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({ data: { fileName: 'big.zip', mimeType: 'application/zip', bytes: big } }),
			],
			parameters: send({ messageType: 'file' }),
		});
		expect(error?.message).toContain("21.0 MB, over DingTalk's 20 MB limit");
		expect(await env.client.requestsTo(UPLOAD)).toHaveLength(0);
	});

	it('a voice file over 2 MB is refused before upload', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({
					data: {
						fileName: 'long.mp3',
						mimeType: 'audio/mpeg',
						bytes: Buffer.alloc(2 * 1024 * 1024 + 1),
					},
				}),
			],
			parameters: send({ messageType: 'audio', audioDuration: 1000 }),
		});
		expect(error?.message).toContain("over DingTalk's 2 MB limit");
	});

	it('a missing binary field → lists the fields the item has', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({ attachment: { fileName: 'a.pdf', mimeType: 'application/pdf', bytes: 'x' } }),
			],
			parameters: send({ messageType: 'file', binaryPropertyName: 'data' }),
		});
		expect(error?.message).toContain('no binary field "data"');
		expect(error?.description).toContain('attachment');
	});

	it.each([
		[
			'a javascript: link',
			{ buttons: { button: [{ title: 'x', url: 'javascript:alert(1)' }] } },
			'Buttons',
			'no valid link',
		],
		[
			'three side-by-side buttons',
			{
				buttonOrientation: 'horizontal',
				buttons: { button: Array(3).fill({ title: 'x', url: 'https://e.com' }) },
			},
			'Button Orientation',
			'exactly 2',
		],
		[
			'a button link that is not a URL',
			{ buttons: { button: [{ title: 'x', url: 'example.com' }] } },
			'Buttons',
			'no valid link',
		],
	])('action card with %s → names the parameter', async (_case, extra, parameter, text) => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: send({ messageType: 'actionCard', title: 'T', content: 'c', ...extra }),
		});
		expect(error?.message).toContain(`parameter "${parameter}"`);
		expect(error?.message).toContain(text);
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});
});
