import { createHash, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { FILE_ITEMS_AT_ONCE } from '../../../nodes/DingTalk/helpers/files/drive';
import { fileToGroup, uploadToDrive } from '../../support/fileParameters';
import { binaryItem } from '../../support/items';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface LoggedRequest {
	seq: number;
	at: number;
	host: string;
	method: string;
	path: string;
	outcome?: string;
	putsInFlight?: number;
}

interface StoredDentry {
	id: string;
	name: string;
	sha256: string;
}

async function requests(): Promise<LoggedRequest[]> {
	return (await env.client.state()).requests as unknown as LoggedRequest[];
}

async function dentries(): Promise<StoredDentry[]> {
	return ((await env.client.state()) as unknown as { storage: { dentries: StoredDentry[] } })
		.storage.dentries;
}

/** `count` PDFs of distinct bytes named f0.pdf, f1.pdf … */
function files(count: number, size = 64 * 1024) {
	const contents = Array.from({ length: count }, () => randomBytes(size));
	const items = contents.map((bytes, n) =>
		binaryItem({ data: { fileName: `f${n}.pdf`, mimeType: 'application/pdf', bytes } }),
	);
	return { contents, items };
}

const upload = (extra: IDataObject = {}) => uploadToDrive({ parentId: '2000001', ...extra });

describe('File items run side by side', () => {
	it(`uploads up to ${FILE_ITEMS_AT_ONCE} files at once; output in input order, paired`, async () => {
		// Every PUT takes 300 ms at the object store, so uploads that run at once overlap there.
		await env.client.faults({
			rules: [{ type: 'latency', host: 'oss' as never, path: '/oss/', ms: 300 }],
		});
		const { contents, items } = files(14);
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: upload(),
		});
		expect(error).toBeUndefined();
		const puts = (await requests()).filter((r) => r.host === 'oss' && r.method === 'PUT');
		expect(puts).toHaveLength(14);
		const most = Math.max(...puts.map((r) => r.putsInFlight ?? 0));
		expect(most).toBeGreaterThanOrEqual(4);
		expect(most).toBeLessThanOrEqual(FILE_ITEMS_AT_ONCE);
		expect(output.map((o) => o.json.name)).toEqual(items.map((_, n) => `f${n}.pdf`));
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, n) => ({ item: n })));
		const stored = await dentries();
		output.forEach((o, n) =>
			expect(stored.find((d) => String(d.id) === String(o.json.id))?.sha256).toBe(
				sha256(contents[n]),
			),
		);
	});

	it('Continue On Fail: a failing middle item gives one error item, the rest are uploaded', async () => {
		// The middle file's name exists already, and the batch asks DingTalk to refuse duplicates.
		await runNode({
			credentials: credentials(),
			items: [
				binaryItem({ data: { fileName: 'f3.pdf', mimeType: 'application/pdf', bytes: 'old' } }),
			],
			parameters: upload(),
		});
		const { items } = files(7);
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			continueOnFail: true,
			parameters: upload({ options: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' } }),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(7);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, n) => ({ item: n })));
		expect(output[3].json.error).toMatch(/exist|conflict/i);
		expect(output.filter((o) => o.json.error)).toHaveLength(1);
		expect(output.map((o) => o.json.name ?? null)).toEqual([
			'f0.pdf',
			'f1.pdf',
			'f2.pdf',
			null,
			'f4.pdf',
			'f5.pdf',
			'f6.pdf',
		]);
		const names = (await dentries()).map((d) => d.name);
		for (const n of [0, 1, 2, 4, 5, 6]) expect(names).toContain(`f${n}.pdf`);
		expect(names.filter((name) => name === 'f3.pdf')).toHaveLength(1);
	});

	it('without Continue On Fail: the failing item is named, no item starts after it', async () => {
		const { items } = files(30);
		items[2] = binaryItem({
			other: { fileName: 'x.pdf', mimeType: 'application/pdf', bytes: 'x' },
		});
		const { error } = await runNode({ credentials: credentials(), items, parameters: upload() });
		expect(error?.message).toContain('parameter "Input Binary Field" [item 2]');
		const uploaded = (await dentries()).filter((d) => /^f\d+\.pdf$/.test(d.name));
		// Only items started before item 2 failed (at most the ones in flight then) got uploaded.
		expect(uploaded.length).toBeLessThanOrEqual(2 + FILE_ITEMS_AT_ONCE);
	});

	it("a throttled endpoint: every file arrives, paced to DingTalk's quota", async () => {
		await env.client.faults({ throttles: [{ host: 'api', path: '/files/commit', qps: 2 }] });
		const { items } = files(8, 1024);
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: upload(),
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.name)).toEqual(items.map((_, n) => `f${n}.pdf`));
		const commits = (await requests()).filter((r) => r.path.endsWith('/files/commit'));
		const accepted = commits.filter((r) => r.outcome === 'ok');
		expect(accepted).toHaveLength(8);
		// The first burst teaches the pacer the quota; after that the calls wait for a slot (a
		// rejected call is retried at once, so without the pacer they would run out of retries).
		// The pacer re-probes a learned quota after quiet windows, which may cost a few more.
		const rejected = commits.filter((r) => r.outcome === 'throttled');
		expect(rejected.length).toBeLessThanOrEqual(2 * FILE_ITEMS_AT_ONCE);
		for (const commit of accepted) {
			const window = accepted.filter((r) => r.at > commit.at - 1000 && r.at <= commit.at);
			expect(window.length).toBeLessThanOrEqual(2);
		}
	});

	it('Retry On Fail: a second try does not upload again the files the first try stored', async () => {
		// The third commit fails with a server error: a commit is not repeated by itself (it would
		// store the file twice), so the node run fails and n8n runs it again.
		await env.client.faults({
			rules: [
				{ type: 'status', host: 'api', path: '/files/commit', status: 500, after: 2, count: 1 },
			],
		});
		const { items } = files(5, 1024);
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: upload(),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.name)).toEqual(items.map((_, n) => `f${n}.pdf`));
		const names = (await dentries()).map((d) => d.name).filter((name) => name.startsWith('f'));
		expect(names.sort()).toEqual(['f0.pdf', 'f1.pdf', 'f2.pdf', 'f3.pdf', 'f4.pdf']);
		// Five files stored, one commit refused and done again: six commits, not ten.
		expect((await requests()).filter((r) => r.path.endsWith('/files/commit'))).toHaveLength(6);
	});

	it('Send to Group: files upload side by side but reach the chat in input order', async () => {
		// The first PUT to arrive is slow, so its file would be posted last if nothing kept order.
		await env.client.faults({
			rules: [{ type: 'latency', host: 'oss' as never, path: '/oss/', ms: 600, count: 1 }],
		});
		const { contents, items } = files(6, 4096);
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: fileToGroup(),
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, n) => ({ item: n })));
		const posted = (await env.client.state()).messages.filter(
			(m) => m.channel === 'groupFile',
		) as unknown as Array<{ sha256: string }>;
		expect(posted.map((m) => m.sha256)).toEqual(contents.map(sha256));
		const most = Math.max(
			...(await requests())
				.filter((r) => r.host === 'oss' && r.method === 'PUT')
				.map((r) => r.putsInFlight ?? 0),
		);
		expect(most).toBeGreaterThan(1);
	});
});
