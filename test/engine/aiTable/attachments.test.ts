import { createHash } from 'crypto';

import { binaryItem } from '../../support/items';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { BASE_ID, columns, notableState, target, tasks } from './aiTable';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

describe('AI Table attachments', () => {
	it("uploads the item's binaries into an attachment field: upload info, a PUT signed for the file's type, the cell", async () => {
		const pdf = 'x'.repeat(3000);
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [
				binaryItem(
					{
						data: { fileName: 'report.pdf', mimeType: 'application/pdf', bytes: pdf },
						photo: { fileName: 'site.png', mimeType: 'image/png', bytes: 'PNG' },
					},
					{ title: 'with files' },
				),
			],
			parameters: target('createRecord', {
				columns: columns({ Title: '={{ $json.title }}' }),
				attachments: { attachment: [{ field: 'Files', binaryPropertyNames: 'data, photo' }] },
			}),
		});
		expect(error).toBeUndefined();
		const state = await env.client.state();
		const infos = state.requests.filter(
			(r) => r.path === `/v1.0/doc/docs/resources/${BASE_ID}/uploadInfos/query`,
		);
		expect(infos.map((r) => r.body)).toEqual([
			{ resourceName: 'report.pdf', size: 3000, mediaType: 'application/pdf' },
			{ resourceName: 'site.png', size: 3, mediaType: 'image/png' },
		]);
		expect(infos[0].query.operatorId).toMatch(/^union/);
		const all = await env.client.admin<{ requests: Array<Record<string, unknown>> }>(
			'GET',
			'state',
		);
		const puts = all.requests.filter((r) => r.host === 'oss' && r.method === 'PUT');
		expect(puts.map((r) => [r.status, r.contentType, r.tokenInHeader])).toEqual([
			[200, 'application/pdf', false],
			[200, 'image/png', false],
		]);
		const uploads = (await notableState(env)).uploads;
		// The bytes themselves, not only how many.
		const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
		expect(uploads.map((u) => [u.uploaded?.size, u.uploaded?.sha256])).toEqual([
			[3000, sha256(pdf)],
			[3, sha256('PNG')],
		]);
		const [record] = await tasks(env);
		expect(record.fields.Files).toEqual([
			{
				filename: 'report.pdf',
				size: 3000,
				type: 'application/pdf',
				url: expect.stringMatching(/^\/core\/api\/resources\//),
			},
			{ filename: 'site.png', size: 3, type: 'image/png', url: expect.any(String) },
		]);
		expect(output[0].json.Files).toHaveLength(2);
	});

	it('a field that is not an attachment field, or a missing binary, is an item error and nothing is uploaded', async () => {
		const item = binaryItem({ data: { fileName: 'a.txt', mimeType: 'text/plain', bytes: 'a' } });
		const wrongField = await runNode({
			credentials: credentials(),
			items: [item],
			parameters: target('createRecord', {
				columns: columns({ Title: 'x' }),
				attachments: { attachment: [{ field: 'Title', binaryPropertyNames: 'data' }] },
			}),
		});
		expect(wrongField.error?.message).toBe(
			'Field "Title" is a text field, not an attachment field in parameter "Attachments" [item 0]',
		);
		const noBinary = await runNode({
			credentials: credentials(),
			items: [item],
			parameters: target('createRecord', {
				columns: columns({ Title: 'x' }),
				attachments: { attachment: [{ field: 'Files', binaryPropertyNames: 'scan' }] },
			}),
		});
		expect(noBinary.error?.message).toBe(
			'The item has no binary field "scan" in parameter "Attachments" [item 0]',
		);
		expect((await notableState(env)).uploads).toEqual([]);
	});
});
