'use strict';
// The relative imports of the package's TypeScript sources, read from disk (plain .js: TypeScript
// test files do not use Node built-ins). Lets unit tests check the house rules on the tree's shape.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return tsFiles(full);
		return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [full] : [];
	});
}

/** Every relative import or re-export (types included) under `folder`: { file, target }, repo-relative. */
function relativeImports(folder, root = ROOT) {
	const out = [];
	for (const file of tsFiles(path.join(root, folder))) {
		const source = fs.readFileSync(file, 'utf8');
		for (const match of source.matchAll(/^(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
			out.push({
				file: path.relative(root, file),
				target: path.relative(root, path.resolve(path.dirname(file), match[1])),
			});
		}
	}
	return out;
}

module.exports = { relativeImports };
