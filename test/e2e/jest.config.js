/** E2E tier: the packed package inside a real n8n (Node 24, n8n 2.41.1) against the emulator. */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['**/*.e2e.test.js'],
	globalSetup: './globalSetup.js',
	testTimeout: 180000,
	maxWorkers: 1,
};
