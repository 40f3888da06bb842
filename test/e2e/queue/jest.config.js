/**
 * Queue-mode e2e tier (`npm run test:e2e:queue`): the packed package in n8n 2.41.1 scaling mode —
 * a main, two workers, PostgreSQL and Redis — against the emulator. Kept out of test:e2e:run:
 * it needs redis-server and PostgreSQL (installed with apt-get when missing) and takes minutes.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['**/*.e2e.test.js'],
	globalSetup: '<rootDir>/../globalSetup.js',
	globalTeardown: '<rootDir>/../globalTeardown.js',
	setupFilesAfterEnv: ['<rootDir>/timeouts.js'],
	testTimeout: 600000,
	maxWorkers: 1,
};
