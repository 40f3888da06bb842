/** E2E tier: the packed package inside a real n8n (Node 24, n8n 2.41.1) against the emulator. */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['**/*.e2e.test.js'],
	// Queue mode (main + workers + PostgreSQL + Redis) has its own, slower run: npm run test:e2e:queue.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/queue/'],
	globalSetup: './globalSetup.js',
	globalTeardown: './globalTeardown.js',
	// The default time-out, scaled to how slow the machine is (machine.js).
	setupFilesAfterEnv: ['./timeouts.js'],
	testTimeout: 180000,
	maxWorkers: 1,
};
