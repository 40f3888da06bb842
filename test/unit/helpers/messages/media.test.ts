import {
	fileNameFromDisposition,
	safeFileName,
} from '../../../../nodes/DingTalk/helpers/messages/media';

describe('file names from a download', () => {
	it.each([
		[`attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`, '报告.pdf'],
		[`attachment; filename*=UTF-8''%E0%A4%A.pdf`, '%E0%A4%A.pdf'],
		[`attachment; filename*=UTF-8''100%25%zz.pdf`, '100%25%zz.pdf'],
		[`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, 'passwd'],
		[`attachment; filename*=UTF-8''..%5C..%5Cwin.ini`, 'win.ini'],
		[`attachment; filename*=UTF-8''..`, undefined],
		[`attachment; filename="../../secret.txt"`, 'secret.txt'],
		[`attachment; filename=plain.txt`, 'plain.txt'],
		[`attachment; filename*=UTF-8''%2E%2E; filename="fallback.pdf"`, 'fallback.pdf'],
		['', undefined],
	])(
		'%s → %s (malformed percent-encoding falls back to the raw text; only the base name)',
		(header, name) => {
			expect(fileNameFromDisposition(header)).toBe(name);
		},
	);

	it.each([
		['../x/../report.pdf', 'report.pdf'],
		['C:\\Users\\a\\report.pdf', 'report.pdf'],
		['..', undefined],
		['a\u0000b\u001f.pdf', 'ab.pdf'],
		[42, undefined],
	])('safeFileName(%j) → %s', (input, name) => {
		expect(safeFileName(input)).toBe(name);
	});
});
