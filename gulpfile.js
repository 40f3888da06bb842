// Copies the static assets tsc does not emit (node/credential icons and codex *.node.json files)
// into dist/, keeping their relative paths, so dist/ is a complete community package.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function buildCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = parallel(buildIcons, buildCodex);
exports.default = exports['build:icons'];
