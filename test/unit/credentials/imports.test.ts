import { relativeImports } from '../../support/sourceImports';

// n8n loads a credential by its file name (package.json n8n.credentials): it must stand alone and
// import no node code. What both sides need lives in credentials/common/.
describe('credentials/', () => {
	const imports = relativeImports('credentials');

	it('imports only from credentials/ itself', () => {
		expect(imports.length).toBeGreaterThan(0);
		expect(imports.filter(({ target }) => !target.startsWith('credentials/'))).toEqual([]);
	});

	it('credentials/common/ imports no credential class', () => {
		expect(
			imports.filter(
				({ file, target }) =>
					file.startsWith('credentials/common/') && /\.credentials$/.test(target),
			),
		).toEqual([]);
	});
});
