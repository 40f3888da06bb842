'use strict';
// Redis and PostgreSQL for n8n's queue mode, throwaway and loopback-only: Debian's packages
// (installed with apt-get when missing and we are root), a Redis with no persistence and a fresh
// PostgreSQL cluster in a temp folder, each on 127.0.0.1 and a free port. Every process is started
// here and stopped here by its PID; the data folders are removed.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { scaled } = require('../machine');
const { freePort } = require('../n8n');

const HOST = '127.0.0.1';

function log(message) {
	process.stderr.write(`[queue] ${message}\n`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** First executable among the candidates (absolute paths), else the name looked up on PATH. */
function findBinary(name, candidates = []) {
	for (const file of candidates) {
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			// next
		}
	}
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			// next
		}
	}
	return undefined;
}

/** PostgreSQL's server programs: Debian keeps them in /usr/lib/postgresql/<major>/bin (newest first). */
function postgresBinary(name) {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((d) => /^\d+$/.test(d))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return findBinary(name, [
		...majors.map((major) => path.join(root, major, 'bin', name)),
		path.join('/usr/local/bin', name),
	]);
}

function binaries() {
	return {
		redis: findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']),
		initdb: postgresBinary('initdb'),
		postgres: postgresBinary('postgres'),
		pgIsReady: postgresBinary('pg_isready'),
		createdb: postgresBinary('createdb'),
		psql: postgresBinary('psql'),
	};
}

/**
 * Installs Debian's redis-server / postgresql when their programs are missing (idempotent: nothing
 * to do when they are there). Needs root; Debian's policy-rc.d in containers keeps apt from
 * starting the system services, and we never use them anyway.
 */
function ensureInstalled() {
	const found = binaries();
	const missing = [];
	if (!found.redis) missing.push('redis-server');
	if (!found.initdb || !found.postgres || !found.pgIsReady || !found.createdb || !found.psql)
		missing.push('postgresql');
	if (missing.length === 0) return found;
	if (!isRoot())
		throw new Error(
			`queue-mode tests need ${missing.join(' and ')}; install them (apt-get install -y ${missing.join(' ')}) or run as root`,
		);
	log(`apt-get install -y ${missing.join(' ')} …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
		env,
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		// The package lists may be missing or stale in a fresh container.
		spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
		result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
			env,
			encoding: 'utf8',
		});
	}
	if (result.status !== 0)
		throw new Error(
			`apt-get install ${missing.join(' ')} failed:\n${(result.stderr || result.stdout).slice(-3000)}`,
		);
	const after = binaries();
	if (
		!after.redis ||
		!after.initdb ||
		!after.postgres ||
		!after.pgIsReady ||
		!after.createdb ||
		!after.psql
	) {
		throw new Error(`after apt-get, still missing programs: ${JSON.stringify(after)}`);
	}
	return after;
}

/** Stops one child by PID: `signal` first, SIGKILL after `graceMs`. */
function stopChild(child, signal = 'SIGTERM', graceMs = 15000) {
	return new Promise((resolve) => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => {
			try {
				process.kill(child.pid, 'SIGKILL');
			} catch {
				// gone already
			}
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		try {
			process.kill(child.pid, signal);
		} catch {
			clearTimeout(timer);
			resolve();
		}
	});
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, HOST);
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** A Redis on 127.0.0.1 with no persistence (no RDB snapshots, no AOF). */
async function startRedis({ redisServer } = {}) {
	const bin = redisServer || ensureInstalled().redis;
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		bin,
		[
			'--bind',
			HOST,
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
			'--daemonize',
			'no',
			'--loglevel',
			'warning',
		],
		{ stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	const deadline = Date.now() + scaled(30000);
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stopChild(child);
			const text = fs.readFileSync(logFile, 'utf8');
			fs.rmSync(dir, { recursive: true, force: true });
			throw new Error(`redis-server did not start on ${HOST}:${port}:\n${text.slice(-2000)}`);
		}
		await wait(100);
	}
	return {
		host: HOST,
		port,
		pid: child.pid,
		async stop() {
			await stopChild(child, 'SIGTERM');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** uid/gid of the `postgres` system user (PostgreSQL refuses to run as root). */
function postgresUser() {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line)
		throw new Error(
			'running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)',
		);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function run(command, args, options) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0)
		throw new Error(
			`${path.basename(command)} ${args.join(' ')} failed (${result.status}):\n${result.stderr || result.stdout}`,
		);
	return result;
}

/**
 * A throwaway PostgreSQL cluster: initdb into a temp folder (as the `postgres` user when we are
 * root), a superuser `n8n` with trust auth on loopback, database `n8n`, listening on 127.0.0.1 only
 * (its Unix socket in the data folder). Durability is off: this is a test database.
 */
async function startPostgres() {
	const bins = ensureInstalled();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-pg-'));
	const data = path.join(dir, 'data');
	const as = isRoot() ? postgresUser() : {};
	if (isRoot()) fs.chownSync(dir, as.uid, as.gid);
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
	const user = 'n8n';
	try {
		run(
			bins.initdb,
			['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
			{ ...as, env, cwd: dir },
		);
	} catch (error) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const logFile = path.join(dir, 'postgres.log');
	const out = fs.openSync(logFile, 'a');
	if (isRoot()) fs.fchownSync(out, as.uid, as.gid);
	const child = spawn(
		bins.postgres,
		[
			'-D',
			data,
			'-h',
			HOST,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ ...as, env, cwd: dir, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	const service = {
		host: HOST,
		port,
		user,
		database: 'n8n',
		pid: child.pid,
		/** Runs one SQL statement with psql; returns the rows as arrays of strings. */
		query(sql) {
			const result = run(
				bins.psql,
				[
					'-h',
					HOST,
					'-p',
					String(port),
					'-U',
					user,
					'-d',
					service.database,
					'-X',
					'-A',
					'-t',
					'-F',
					'\t',
					'-v',
					'ON_ERROR_STOP=1',
					'-c',
					sql,
				],
				{ env },
			);
			return result.stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		async stop() {
			// SIGINT: "fast" shutdown (SIGTERM would wait for every client to disconnect).
			await stopChild(child, 'SIGINT');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	const deadline = Date.now() + scaled(60000);
	for (;;) {
		const ready = spawnSync(
			bins.pgIsReady,
			['-h', HOST, '-p', String(port), '-U', user, '-d', 'postgres', '-t', '2'],
			{ env, encoding: 'utf8' },
		);
		if (ready.status === 0) break;
		if (child.exitCode !== null || Date.now() > deadline) {
			const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
			await service.stop();
			throw new Error(`postgres did not start on ${HOST}:${port}:\n${text.slice(-2000)}`);
		}
		await wait(200);
	}
	try {
		run(bins.createdb, ['-h', HOST, '-p', String(port), '-U', user, service.database], { env });
	} catch (error) {
		await service.stop();
		throw error;
	}
	return service;
}

/** Redis and PostgreSQL together; `stop()` stops both (also what did start if the other failed). */
async function startServices() {
	ensureInstalled();
	const redis = await startRedis();
	let postgres;
	try {
		postgres = await startPostgres();
	} catch (error) {
		await redis.stop();
		throw error;
	}
	return {
		redis,
		postgres,
		async stop() {
			await Promise.all([redis.stop(), postgres.stop()]);
		},
	};
}

module.exports = { ensureInstalled, startPostgres, startRedis, startServices, stopChild };
