'use strict';
// A real n8n for the e2e tier and the demo: an isolated home with random free ports, the packed
// package installed where n8n installs community packages, credential and workflow import,
// headless `n8n execute`, and `n8n start` with REST helpers. Every process is stopped by PID.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { scaled } = require('./machine');
const { provision } = require('./provision');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(REPO, 'package.json')).name;

/**
 * `count` distinct free ports: all are held open together before any is released, so two ports
 * asked for at once are never the same (one by one, the OS may hand out a just-released port
 * again: n8n then found its task broker's port taken by its own web server).
 */
async function freePorts(count) {
	const servers = [];
	try {
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			server.unref();
			servers.push(server);
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
		}
		return servers.map((server) => server.address().port);
	} finally {
		await Promise.all(
			servers.map((server) => new Promise((resolve) => server.close(() => resolve()))),
		);
	}
}

async function freePort() {
	const [port] = await freePorts(1);
	return port;
}

/**
 * The run JSON of `n8n execute --rawOutput`: the pretty-printed object from its first line `{` to
 * its closing line `}`. n8n may log after it (a task runner shutting down, say), so the rest of
 * stdout is not part of it. Undefined when no complete object was printed.
 */
function parseRawOutput(text) {
	const start = text.search(/^\{$/m);
	if (start < 0) return undefined;
	const end = text.slice(start).search(/^\}$/m);
	if (end < 0) return undefined;
	try {
		return JSON.parse(text.slice(start, start + end + 1));
	} catch {
		return undefined;
	}
}

/**
 * Every `n8n start` this process spawned and that still runs. A script that dies on an uncaught
 * exception never reaches its `stop()`; without this its n8n would keep running (and burning a
 * core) after it. Node runs 'exit' listeners on that path too, so they are killed there.
 */
const liveServers = new Set();
process.on('exit', () => {
	for (const child of liveServers) child.kill('SIGKILL');
});

function runProcess(command, args, options) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** `npm pack` of the built package into a temp folder; returns the tarball path. */
async function packPackage() {
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-pack-'));
	const result = await runProcess('npm', ['pack', '--pack-destination', dest, '--silent'], {
		cwd: REPO,
		env: process.env,
	});
	if (result.code !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const file = fs.readdirSync(dest).find((f) => f.endsWith('.tgz'));
	if (!file) throw new Error('npm pack produced no tarball (run npm run build first)');
	return path.join(dest, file);
}

class N8nInstance {
	/**
	 * Creates a fresh n8n home with the packed package installed: a copy of the run's template home
	 * (package installed, database migrated: see globalSetup) when there is one, else built here.
	 */
	static async create({
		home,
		tarball,
		logLevel = 'info',
		template = process.env.DINGTALK_E2E_TEMPLATE_HOME,
		install = true,
	} = {}) {
		const tools = await provision();
		const instance = new N8nInstance(
			tools,
			home || fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-n8n-home-')),
		);
		[instance.port, instance.brokerPort] = await freePorts(2);
		instance.logLevel = logLevel;
		if (!install) {
			// The home already holds this build of the package (the demo checks that).
			instance.packageDir = path.join(instance.home, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
			return instance;
		}
		if (template && !tarball && fs.existsSync(template)) {
			fs.cpSync(template, instance.home, { recursive: true });
			instance.packageDir = path.join(instance.home, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
			return instance;
		}
		const packed = tarball || process.env.DINGTALK_E2E_TARBALL || (await packPackage());
		try {
			await instance.installPackage(packed);
		} finally {
			// A tarball packed here lives in its own temp folder: remove it once installed.
			if (packed !== tarball && packed !== process.env.DINGTALK_E2E_TARBALL)
				fs.rmSync(path.dirname(packed), { recursive: true, force: true });
		}
		return instance;
	}

	/** Runs n8n's database migrations now (any CLI command does), so the first import is quick. */
	async migrate() {
		const result = await this.cli(['list:workflow']);
		if (result.code !== 0)
			throw new Error(`n8n could not prepare its database:\n${result.stdout}\n${result.stderr}`);
	}

	constructor(tools, home) {
		this.tools = tools;
		this.home = home;
		this.processes = new Set();
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	env(extra = {}) {
		const env = this.tools.env({
			N8N_USER_FOLDER: this.home,
			N8N_ENCRYPTION_KEY: 'dingtalk-e2e-fixed-encryption-key-0123456789',
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: this.logLevel,
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_PORT: String(this.port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			NO_COLOR: '1',
			...extra,
		});
		// Jest marks its processes as a test run; n8n would then mute the logger that prints results.
		delete env.NODE_ENV;
		for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
		return env;
	}

	/**
	 * Installs the tarball as n8n's community-package installer does: extract into
	 * <home>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies, npm install
	 * the rest (nothing: the package has no runtime dependencies).
	 */
	async installPackage(tarball) {
		const target = path.join(this.home, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		const untar = await runProcess(
			'tar',
			['-xzf', tarball, '-C', target, '--strip-components=1'],
			{},
		);
		if (untar.code !== 0) throw new Error(`could not extract ${tarball}: ${untar.stderr}`);
		const manifestPath = path.join(target, 'package.json');
		const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		const install = await runProcess(
			'npm',
			[
				'install',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--omit=dev',
				'--no-audit',
				'--no-fund',
			],
			{ cwd: target, env: this.tools.env() },
		);
		if (install.code !== 0) throw new Error(`npm install in the package failed: ${install.stderr}`);
		this.packageDir = target;
	}

	async cli(args, extraEnv = {}) {
		return await runProcess(this.tools.node, [this.tools.n8n, ...args], {
			cwd: this.home,
			env: this.env(extraEnv),
		});
	}

	async importCredentials(credentials) {
		const file = path.join(this.home, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		const result = await this.cli(['import:credentials', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`import:credentials failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importWorkflow(workflow) {
		const file = path.join(this.home, `workflow-${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`import:workflow failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** Imports several workflows with one CLI call (each call is a cold start of n8n). */
	async importWorkflows(workflows) {
		const file = path.join(this.home, `workflows-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(workflows));
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`import:workflow failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** Activates an imported workflow (import always deactivates); takes effect at the next start. */
	async publish(workflowId) {
		const result = await this.cli(['publish:workflow', `--id=${workflowId}`]);
		if (result.code !== 0)
			throw new Error(`publish:workflow failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** Runs a workflow headless; returns exit code, the run JSON (if printed) and the raw output. */
	async execute(workflowId, extraEnv = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			// a separate broker port, so execute can run while `n8n start` is up
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extraEnv,
		});
		const run = parseRawOutput(result.stdout);
		return { code: result.code, run, stdout: result.stdout, stderr: result.stderr };
	}

	/**
	 * Runs a workflow in the started n8n as the editor's "Execute workflow" button does (no new
	 * n8n process): from its first trigger node; resolves with the execution's final status.
	 */
	async runManually(workflow, timeoutMs = 120000) {
		const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type)) || workflow.nodes[0];
		const started = await this.rest('POST', `/workflows/${workflow.id}/run`, {
			triggerToStartFrom: { name: trigger.name },
		});
		const executionId = started.body && started.body.data && started.body.data.executionId;
		if (!executionId)
			throw new Error(
				`n8n did not start ${workflow.id}: ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`,
			);
		const deadline = Date.now() + scaled(timeoutMs);
		for (;;) {
			const { body } = await this.rest('GET', `/executions/${executionId}`);
			const execution = (body && body.data) || {};
			if (
				execution.finished ||
				['success', 'error', 'crashed', 'canceled'].includes(execution.status)
			) {
				return {
					executionId,
					status: execution.status || (execution.finished ? 'success' : 'error'),
				};
			}
			if (Date.now() > deadline) return { executionId, status: execution.status || 'unknown' };
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** Output items of one node from a run. */
	static output(run, nodeName) {
		const task = run?.data?.resultData?.runData?.[nodeName]?.[0];
		return task?.data?.main?.[0] ?? [];
	}

	/** `n8n start` on 127.0.0.1; resolves once REST and webhooks answer. */
	async start() {
		const logFile = path.join(this.home, 'n8n-start.log');
		const out = fs.openSync(logFile, 'a');
		const child = spawn(this.tools.node, [this.tools.n8n, 'start'], {
			cwd: this.home,
			env: this.env(),
			stdio: ['ignore', out, out],
		});
		this.processes.add(child);
		this.server = child;
		liveServers.add(child);
		child.on('exit', () => {
			this.processes.delete(child);
			liveServers.delete(child);
		});
		const limitMs = scaled(120000);
		const deadline = Date.now() + limitMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null)
				throw new Error(
					`n8n start exited (${child.exitCode}):\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`,
				);
			try {
				const response = await fetch(`${this.baseUrl}/rest/settings`);
				if (response.ok) return;
			} catch {
				// not up yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(
			`n8n did not become ready within ${Math.round(limitMs / 1000)} s; log: ${logFile}`,
		);
	}

	/**
	 * Waits until a production webhook of a started n8n is registered: until then n8n answers 404,
	 * or (before its routes are mounted) 200 with the editor's HTML page. A POST with an empty
	 * JSON body reaches the webhook's node, whose own answer (a refusal for a DingTalk trigger)
	 * says it is there.
	 */
	async waitForWebhook(url, timeoutMs = 60000) {
		const deadline = Date.now() + scaled(timeoutMs);
		for (;;) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			const text = await response.text();
			const html = /^\s*<(!doctype|html)/i.test(text);
			if (response.status !== 404 && !html) return response.status;
			if (Date.now() > deadline)
				throw new Error(
					`webhook ${url} not registered after ${Math.round(scaled(timeoutMs) / 1000)} s (last answer ${response.status})`,
				);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/**
	 * Creates the owner account and keeps its auth cookie for REST calls. Every REST call sends the
	 * same browser-id header as the log-in did, as n8n's editor does: n8n binds a session to the
	 * browser id it was issued for when there is one.
	 */
	async setupOwner(
		owner = {
			email: 'owner@example.com',
			firstName: 'Demo',
			lastName: 'Owner',
			password: 'DingTalkDemo1!',
		},
	) {
		this.browserId = this.browserId || `dingtalk-e2e-${process.pid}-${this.port}`;
		// /rest/settings answers before all REST routes are mounted: until then n8n answers 404, 503
		// ("Database is not ready!") or 200 with the editor's HTML page (and sets no cookie). Retry.
		// On a starved machine the connection can also be reset while n8n starts: retry that too.
		const deadline = Date.now() + scaled(60000);
		let response;
		let text = '';
		let reset;
		for (;;) {
			try {
				response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
					body: JSON.stringify(owner),
				});
				text = await response.text();
			} catch (error) {
				if (Date.now() > deadline) throw error;
				reset = error;
				await new Promise((resolve) => setTimeout(resolve, 500));
				continue;
			}
			const notMounted =
				response.status === 404 || response.status === 503 || (response.ok && !/^\s*\{/.test(text));
			if (!notMounted || Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		if (response.status === 400 && reset) {
			// The reset request may have created the owner before its answer was lost: log in.
			this.owner = owner;
			await this.login();
			return owner;
		}
		if (!response.ok)
			throw new Error(`owner setup failed: ${response.status} ${text.slice(0, 300)}`);
		this.cookie = N8nInstance.authCookie(response);
		if (!this.cookie)
			throw new Error(
				`owner setup set no n8n-auth cookie: ${response.status} ${text.slice(0, 200)}`,
			);
		this.owner = owner;
		return owner;
	}

	/** The n8n-auth cookie a response sets (the last non-empty one: n8n may clear one first). */
	static authCookie(response) {
		const cookies = response.headers
			.getSetCookie()
			.map((header) => header.split(';')[0].trim())
			.filter((cookie) => /^n8n-auth=./.test(cookie));
		return cookies[cookies.length - 1];
	}

	/** Logs the owner in again (a session n8n no longer accepts). */
	async login() {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!response.ok) throw new Error(`log-in failed: ${response.status} ${await response.text()}`);
		this.cookie = N8nInstance.authCookie(response) || this.cookie;
	}

	async rest(method, route, body) {
		// Right after start some REST routes are not mounted yet: n8n then answers 404, or 200 with
		// the editor's HTML page. Retry those briefly; a 401 once after logging in again; anything
		// else is the real answer.
		let loggedInAgain = false;
		const deadline = Date.now() + scaled(10000);
		for (;;) {
			let response;
			try {
				response = await fetch(`${this.baseUrl}/rest${route}`, {
					method,
					headers: {
						'content-type': 'application/json',
						cookie: this.cookie || '',
						'browser-id': this.browserId || '',
					},
					body: body === undefined ? undefined : JSON.stringify(body),
				});
			} catch (error) {
				// A connection reset on a starved machine: a read is safe to repeat, a write is not.
				if (method !== 'GET' || Date.now() > deadline) throw error;
				await new Promise((resolve) => setTimeout(resolve, 250));
				continue;
			}
			const refreshed = N8nInstance.authCookie(response);
			if (refreshed) this.cookie = refreshed;
			const text = await response.text();
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			if (response.status === 401 && this.owner && !loggedInAgain) {
				loggedInAgain = true;
				process.stderr.write(
					`[e2e] n8n answered 401 to ${method} /rest${route}: logging in again\n`,
				);
				await this.login();
				continue;
			}
			if ((json === undefined || response.status === 404) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 250));
				continue;
			}
			return { status: response.status, body: json ?? { raw: text.slice(0, 500) } };
		}
	}

	async stop() {
		await Promise.all(
			[...this.processes].map(
				(child) =>
					new Promise((resolve) => {
						if (child.exitCode !== null) return resolve();
						const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
						child.once('exit', () => {
							clearTimeout(timer);
							resolve();
						});
						child.kill('SIGTERM');
					}),
			),
		);
	}

	removeHome() {
		fs.rmSync(this.home, { recursive: true, force: true });
	}
}

/** The credential n8n imports for the emulator (Environment: Custom). */
function emulatorCredential(
	emulator,
	{ id = 'dingTalkEmu00001', name = 'DingTalk (emulator)', ...overrides } = {},
) {
	const data = emulator.credentials(overrides);
	delete data.accessToken;
	return { id, name, type: 'dingTalkApi', data };
}

/** Loads a workflow JSON file (examples/ or test/e2e/workflows/). */
function loadWorkflow(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = {
	parseRawOutput,
	N8nInstance,
	PACKAGE_NAME,
	REPO,
	emulatorCredential,
	freePort,
	freePorts,
	loadWorkflow,
	packPackage,
};
