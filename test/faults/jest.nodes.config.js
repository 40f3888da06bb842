/**
 * The fault suite's node scenarios only (sends, tokens, pacing): the same runs as
 * `npm run test:faults` without its trigger rows, so no real n8n is provisioned.
 * Run one file with `npx jest --config test/faults/jest.nodes.config.js <file>`.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testMatch: ['**/*.faults.ts'],
	globalSetup: '<rootDir>/test/faults/clearTable.js',
};
