// n8n's logger at debug level, captured by test/support/logCapture.js: the secrets tests check
// that not even debug logs carry a token or the AppSecret.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'debug';

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
	},
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/support/logCapture.js'],
	// Engine tests run real HTTP servers; run files one by one so latency figures stay honest.
	maxWorkers: 1,
};
