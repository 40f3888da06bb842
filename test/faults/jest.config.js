/**
 * Fault suite (npm run test:faults): the real node inside n8n-core's WorkflowExecute against the
 * emulator with faults injected, counting what DingTalk received. Prints a table at the end and
 * writes it to test/faults/last-run.md.
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.faults.ts', '**/*.faults.js'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
	},
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/support/logCapture.js'],
	globalSetup: '<rootDir>/test/faults/globalSetup.js',
	globalTeardown: '<rootDir>/test/faults/globalTeardown.js',
	maxWorkers: 1,
};
