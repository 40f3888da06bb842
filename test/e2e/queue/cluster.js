'use strict';
// n8n in queue mode (scaling mode) for e2e tests: one main (`n8n start`: editor, REST, webhooks,
// triggers) and N workers (`n8n worker`) sharing one PostgreSQL database and one Redis (Bull
// queue), the same encryption key, and each its own home folder with the packed package installed
// (as separate containers would have). Manual executions are offloaded to the workers too, so every
// execution runs on a worker. Every process is stopped by PID; homes and data folders are removed.
//
// Reusable by other queue-mode scenarios:
//   const cluster = await QueueCluster.create({ workers: 2 });
//   await cluster.importCredentials([...]); await cluster.importWorkflow(wf); await cluster.publish(wf.id);
//   await cluster.start();                      // main, then the workers
//   cluster.executionsByWorker()                // { 'worker-1': ['12', …], 'worker-2': […] } from the worker logs
//   cluster.workerOf(executionId)               // 'worker-1' | 'worker-2' | undefined
//   await cluster.waitForWorkers(n)             // until the workers together finished n executions
//   await cluster.stopWorker('worker-1')        // e.g. the worker that ran an execution up to its wait;
//   await cluster.restartWorker('worker-1')     //   a resume must then run on another worker
//   cluster.executions(workflowId)              // execution records (id, status, mode, waitTill) from PostgreSQL
//   await cluster.stop()                        // in afterAll, also after a failure
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { N8nInstance, freePorts, packPackage } = require('../n8n');
const { scaled } = require('../machine');
const { provision } = require('../provision');
const { startServices, stopChild } = require('./services');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One n8n process of the cluster: the e2e N8nInstance pointed at PostgreSQL and Redis. */
class QueueN8n extends N8nInstance {
	static async make({ tools, tarball, services, role, logLevel, extraEnv }) {
		const instance = new QueueN8n(
			tools,
			fs.mkdtempSync(path.join(os.tmpdir(), `dingtalk-n8n-${role}-`)),
		);
		instance.role = role;
		[instance.port, instance.brokerPort] = await freePorts(2);
		instance.logLevel = logLevel;
		instance.queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: services.postgres.host,
			DB_POSTGRESDB_PORT: String(services.postgres.port),
			DB_POSTGRESDB_DATABASE: services.postgres.database,
			DB_POSTGRESDB_USER: services.postgres.user,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			// Editor ("Execute workflow") runs go to the workers as well; n8n will make this the default.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...extraEnv,
		};
		await instance.installPackage(tarball);
		return instance;
	}

	env(extra = {}) {
		return super.env({ ...this.queueEnv, ...extra });
	}

	get logFile() {
		return path.join(this.home, this.role === 'main' ? 'n8n-start.log' : 'n8n-worker.log');
	}

	log() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/** `n8n worker`; resolves once it says it is ready (listening to the queue). */
	async startWorker(concurrency) {
		const offset = this.log().length; // a restarted worker appends to its log
		const out = fs.openSync(this.logFile, 'a');
		const child = spawn(
			this.tools.node,
			[this.tools.n8n, 'worker', `--concurrency=${concurrency}`],
			{
				cwd: this.home,
				env: this.env(),
				stdio: ['ignore', out, out],
			},
		);
		fs.closeSync(out);
		this.processes.add(child);
		child.on('exit', () => this.processes.delete(child));
		const deadline = Date.now() + scaled(180000);
		while (!/n8n worker is now ready/.test(this.log().slice(offset))) {
			if (child.exitCode !== null)
				throw new Error(`${this.role} exited (${child.exitCode}):\n${this.log().slice(-3000)}`);
			if (Date.now() > deadline)
				throw new Error(
					`${this.role} not ready within ${Math.round(scaled(180000) / 1000)} s; log: ${this.logFile}`,
				);
			await wait(250);
		}
		this.pid = child.pid;
	}

	/** Execution ids this worker started and finished, from its log. */
	executions() {
		const text = this.log();
		const ids = (re) => [...text.matchAll(re)].map((m) => m[1]);
		return {
			started: ids(/Worker started execution (\d+)/g),
			finished: ids(/Worker finished execution (\d+)/g),
		};
	}
}

class QueueCluster {
	/**
	 * Starts Redis and PostgreSQL and prepares a main and `workers` worker homes (nothing of n8n
	 * runs yet: import workflows and credentials first, then `start()`).
	 */
	static async create({ workers = 2, concurrency = 10, logLevel = 'info', extraEnv = {} } = {}) {
		const cluster = new QueueCluster();
		cluster.concurrency = concurrency;
		try {
			const tools = await provision();
			cluster.services = await startServices();
			const tarball = await packPackage();
			const common = { tools, tarball, services: cluster.services, logLevel, extraEnv };
			cluster.main = await QueueN8n.make({ ...common, role: 'main' });
			// Every process builds resume URLs (Send and Wait) with WEBHOOK_URL: it must name the main,
			// or a worker would put its own port into the buttons it sends.
			const webhookUrl = { WEBHOOK_URL: `${cluster.main.baseUrl}/` };
			Object.assign(cluster.main.queueEnv, webhookUrl);
			cluster.workers = [];
			for (let i = 1; i <= workers; i++) {
				cluster.workers.push(
					await QueueN8n.make({
						...common,
						extraEnv: { ...extraEnv, ...webhookUrl },
						role: `worker-${i}`,
					}),
				);
			}
			fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	get baseUrl() {
		return this.main.baseUrl;
	}

	/** CLI imports go through the main's environment, i.e. straight into the shared database. */
	async importCredentials(credentials) {
		await this.main.importCredentials(credentials);
	}

	async importWorkflow(workflow) {
		await this.main.importWorkflow(workflow);
	}

	async publish(workflowId) {
		await this.main.publish(workflowId);
	}

	async startMain() {
		await this.main.start();
	}

	async startWorkers() {
		// One after the other: two cold n8n starts at once on 2 cores only slow each other down.
		for (const worker of this.workers) await worker.startWorker(this.concurrency);
	}

	async start() {
		await this.startMain();
		await this.startWorkers();
	}

	worker(role) {
		const worker = this.workers.find((w) => w.role === role);
		if (!worker) throw new Error(`no ${role} in this cluster`);
		return worker;
	}

	/** Stops one worker by PID (e.g. the one that ran an execution up to a wait); its log stays. */
	async stopWorker(role) {
		await this.worker(role).stop();
	}

	/** Starts a stopped worker again (same home, same log file). */
	async restartWorker(role) {
		await this.worker(role).startWorker(this.concurrency);
	}

	/** { 'worker-1': [executionId, …], … }: which worker started which execution. */
	executionsByWorker() {
		return Object.fromEntries(this.workers.map((w) => [w.role, w.executions().started]));
	}

	workerOf(executionId) {
		const id = String(executionId);
		return this.workers.find((w) => w.executions().started.includes(id))?.role;
	}

	finishedCount() {
		return this.workers.reduce((n, w) => n + w.executions().finished.length, 0);
	}

	/** Waits until the workers together have finished at least `count` executions. */
	async waitForWorkers(count, timeoutMs = 300000) {
		const deadline = Date.now() + scaled(timeoutMs);
		while (this.finishedCount() < count && Date.now() < deadline) await wait(500);
		return this.finishedCount();
	}

	/** Execution records of a workflow, read from the shared database: [{ id, status, mode, waitTill }]. */
	executions(workflowId) {
		if (!/^\w+$/.test(workflowId)) throw new Error(`unexpected workflow id ${workflowId}`);
		const rows = this.services.postgres.query(
			`SELECT id, status, mode, "waitTill" FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
		);
		return rows.map(([id, status, mode, waitTill]) => ({
			id,
			status,
			mode,
			waitTill: waitTill || null,
		}));
	}

	/** Stops workers, then the main, then Redis and PostgreSQL (each by PID); removes every home. */
	async stop() {
		const instances = [...(this.workers || []), ...(this.main ? [this.main] : [])];
		for (const group of [this.workers || [], this.main ? [this.main] : []]) {
			await Promise.all(group.map((instance) => instance.stop().catch(() => undefined)));
		}
		// Anything still alive after N8nInstance.stop's grace period is killed here.
		for (const instance of instances)
			for (const child of instance.processes) await stopChild(child, 'SIGKILL', 5000);
		if (this.services) await this.services.stop();
		for (const instance of instances) instance.removeHome();
	}
}

module.exports = { QueueCluster, QueueN8n };
