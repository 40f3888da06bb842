import { parseFolder } from '../../../../nodes/DingTalk/helpers/files/drive';

describe('parseFolder: a space ID plus folder ID, or the Drive folder link the seed tells users to copy', () => {
	it.each([
		['1000001', '2000001', { spaceId: '1000001', parentId: '2000001' }],
		['1000001', '', { spaceId: '1000001', parentId: '0' }],
		[' 1000001 ', ' 0 ', { spaceId: '1000001', parentId: '0' }],
		[
			'https://h5.dingtalk.com/drive/index.html?spaceId=1000001&dentryId=2000001',
			'0',
			{ spaceId: '1000001', parentId: '2000001' },
		],
		[
			'https://space.dingtalk.com/spaces/1000001/folders/2000001',
			'',
			{ spaceId: '1000001', parentId: '2000001' },
		],
		['https://space.dingtalk.com/s/1000001', '', { spaceId: '1000001', parentId: '0' }],
		// A link to the space, the folder picked next to it.
		[
			'https://space.dingtalk.com/s/1000001',
			'2000001',
			{ spaceId: '1000001', parentId: '2000001' },
		],
		['https://space.dingtalk.com/s/1000001', 'root', { spaceId: '1000001', parentId: '0' }],
		[
			'https://drive.dingtalk.com/#/team/1000001/2000001?from=copy',
			'',
			{ spaceId: '1000001', parentId: '2000001' },
		],
	])('%s + %s', (text, parent, expected) => {
		expect(parseFolder(text, parent)).toEqual(expected);
	});

	it.each([
		['', '0', 'No space ID given'],
		['team files', '0', 'neither a space ID nor a folder link'],
		['1000001', 'root', 'is not a number'],
		['https://space.dingtalk.com/home', '', 'contains no space ID'],
	])('%s → problem', (text, parent, problem) => {
		const result = parseFolder(text, parent);
		expect('problem' in result && result.problem).toContain(problem);
	});
});
