'use strict';
// bench/files: File → Upload to Drive in a real n8n (filesystem binary mode) against the
// emulator's storage + object store, next to the plain upload of the same bytes in the same run
// (upload info, streamed PUT, commit, one file after another). (a) one 1 GiB file; (b) 100 files
// of 1 MiB. Reports throughput and the n8n process's peak RSS growth over a run that uploads
// 1 KiB.   npm run bench:files   (BENCH_BIG_MB=1024)
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { startEmulator } = require('../test/emulator');
const { N8nInstance, emulatorCredential, parseRawOutput } = require('../test/e2e/n8n');
const { uploadToDrive } = require('../test/support/fileParameters');

const BIG_MB = Number(process.env.BENCH_BIG_MB || 1024);
const SMALL_COUNT = Number(process.env.BENCH_SMALL_COUNT || 100);

function makeFile(file, bytes) {
	const fd = fs.openSync(file, 'w');
	const block = crypto.randomBytes(1024 * 1024);
	for (let written = 0; written < bytes; written += block.length)
		fs.writeSync(fd, block, 0, Math.min(block.length, bytes - written));
	fs.closeSync(fd);
}

function sha256File(file) {
	return new Promise((resolve) => {
		const hash = crypto.createHash('sha256');
		fs.createReadStream(file)
			.on('data', (d) => hash.update(d))
			.on('end', () => resolve(hash.digest('hex')));
	});
}

function workflow(id, fileSelector, upload = true) {
	const nodes = [
		{
			id: 'f1100000-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'f1100000-0000-4000-8000-000000000002',
			name: 'Read',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'read', fileSelector, options: {} },
		},
		{
			id: 'f1100000-0000-4000-8000-000000000003',
			name: 'Upload',
			type: 'n8n-nodes-dingtalk-app.dingTalk',
			typeVersion: 1,
			position: [400, 0],
			parameters: uploadToDrive({ options: {} }),
			credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
		},
	];
	if (!upload) nodes.pop();
	return {
		id,
		name: id,
		nodes,
		connections: {
			Start: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
			...(upload ? { Read: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] } } : {}),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Runs `n8n execute` and samples its RSS (VmRSS) every 50 ms; returns the run and the peak. */
async function executeMeasured(n8n, workflowId, env) {
	const started = Date.now();
	const child = spawn(
		n8n.tools.node,
		[n8n.tools.n8n, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{ cwd: n8n.home, env: n8n.env(env) },
	);
	let stdout = '';
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', () => undefined);
	let peakKb = 0;
	const timer = setInterval(() => {
		try {
			const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			peakKb = Math.max(peakKb, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] || 0));
		} catch {
			// exited
		}
	}, 50);
	const code = await new Promise((resolve) => child.on('close', resolve));
	clearInterval(timer);
	const run = parseRawOutput(stdout);
	return { code, run, peakMb: peakKb / 1024, wallMs: Date.now() - started };
}

async function token(emulator) {
	const app = emulator.app;
	const response = await fetch(`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
	});
	return (await response.json()).accessToken;
}

/**
 * The plain alternative, as a script without n8n would upload one file: ask for an upload URL, PUT
 * the file streamed, commit it into the folder — one call after another. Returns the whole
 * upload's time and, separately, the PUT's alone.
 */
async function rawUpload(emulator, file, accessToken, unionId) {
	const size = fs.statSync(file).size;
	const api = (route, body) =>
		fetch(
			`${emulator.apiBaseUrl}/v1.0/storage/spaces/1000001/files/${route}?unionId=${encodeURIComponent(unionId)}`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken },
				body: JSON.stringify(body),
			},
		).then((response) => response.json());
	const started = Date.now();
	const info = await api('uploadInfos/query', {
		protocol: 'HEADER_SIGNATURE',
		multipart: false,
		option: { preCheckParam: { name: path.basename(file), size, parentId: '0' } },
	});
	const putStarted = Date.now();
	const response = await fetch(info.headerSignatureInfo.resourceUrls[0], {
		method: 'PUT',
		headers: { ...info.headerSignatureInfo.headers, 'content-length': String(size) },
		body: fs.createReadStream(file),
		duplex: 'half',
	});
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`raw PUT failed: ${response.status}`);
	const putMs = Date.now() - putStarted;
	const committed = await api('commit', {
		uploadKey: info.uploadKey,
		name: path.basename(file),
		parentId: '0',
	});
	if (!committed.dentry) throw new Error(`raw commit failed: ${JSON.stringify(committed)}`);
	return { totalMs: Date.now() - started, putMs };
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-bench-files-'));
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	const rows = [];
	try {
		const big = path.join(dir, 'big.bin');
		const tiny = path.join(dir, 'tiny.bin');
		const smallDir = path.join(dir, 'small');
		fs.mkdirSync(smallDir);
		process.stderr.write(`[bench] writing ${BIG_MB} MiB and ${SMALL_COUNT} × 1 MiB test files …\n`);
		makeFile(big, BIG_MB * 1024 * 1024);
		makeFile(tiny, 1024);
		for (let i = 0; i < SMALL_COUNT; i++)
			makeFile(path.join(smallDir, `f${String(i).padStart(3, '0')}.bin`), 1024 * 1024);
		const bigSha = await sha256File(big);

		await n8n.importCredentials([emulatorCredential(emulator)]);
		await n8n.importWorkflow(workflow('benchFilesTiny001', tiny));
		await n8n.importWorkflow(workflow('benchFilesBig0001', big));
		await n8n.importWorkflow(workflow('benchFilesSmall01', path.join(smallDir, '*.bin')));
		// The same reads without the upload: what n8n itself needs to read the files into its binary store.
		await n8n.importWorkflow(workflow('benchFilesBigRead1', big, false));
		await n8n.importWorkflow(workflow('benchFilesSmallRd1', path.join(smallDir, '*.bin'), false));
		const env = {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: dir,
			N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES: 'false',
		};

		const baseline = await executeMeasured(n8n, 'benchFilesTiny001', env);
		if (baseline.code !== 0) throw new Error('baseline run failed');
		const accessToken = await token(emulator);
		const user = await (
			await fetch(`${emulator.oapiBaseUrl}/topapi/v2/user/get?access_token=${accessToken}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ userid: 'user0001' }),
			})
		).json();

		await fetch(`${emulator.apiBaseUrl}/__emulator/reset`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ storage: true }),
		});
		for (const [label, id, readOnlyId, bytes, count] of [
			[`(a) 1 × ${BIG_MB} MiB`, 'benchFilesBig0001', 'benchFilesBigRead1', BIG_MB * 1024 * 1024, 1],
			[
				`(b) ${SMALL_COUNT} × 1 MiB`,
				'benchFilesSmall01',
				'benchFilesSmallRd1',
				SMALL_COUNT * 1024 * 1024,
				SMALL_COUNT,
			],
		]) {
			const readOnly = await executeMeasured(n8n, readOnlyId, env);
			const result = await executeMeasured(n8n, id, env);
			if (result.code !== 0) throw new Error(`${label}: n8n run failed`);
			const uploadMs = result.run.data.resultData.runData.Upload?.[0]?.executionTime || 0;
			const output = result.run.data.resultData.runData.Upload[0].data.main[0];
			const state = await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json();
			let rawMs = 0;
			let rawPutMs = 0;
			const files =
				count === 1 ? [big] : fs.readdirSync(smallDir).map((f) => path.join(smallDir, f));
			for (const f of files) {
				const raw = await rawUpload(emulator, f, accessToken, user.result.unionid);
				rawMs += raw.totalMs;
				rawPutMs += raw.putMs;
			}
			const stored =
				count === 1
					? (state.storage?.dentries ?? []).find((d) => String(d.id) === String(output[0].json.id))
					: undefined;
			rows.push({
				scenario: label,
				files: output.length,
				nodeSeconds: +(uploadMs / 1000).toFixed(2),
				nodeMBps: +(bytes / 1048576 / (uploadMs / 1000)).toFixed(1),
				rawSeconds: +(rawMs / 1000).toFixed(2),
				rawMBps: +(bytes / 1048576 / (rawMs / 1000)).toFixed(1),
				relative: `${Math.round((rawMs / uploadMs) * 100)}%`,
				rawPutSeconds: +(rawPutMs / 1000).toFixed(2),
				relativeToPutsAlone: `${Math.round((rawPutMs / uploadMs) * 100)}%`,
				peakRssMb: +result.peakMb.toFixed(0),
				rssGrowthMb: +(result.peakMb - baseline.peakMb).toFixed(0),
				readOnlyGrowthMb: +(readOnly.peakMb - baseline.peakMb).toFixed(0),
				uploadShareMb: +(result.peakMb - readOnly.peakMb).toFixed(0),
				sha256Matches: count === 1 ? Boolean(stored && stored.sha256 === bigSha) : null,
				tokenLeaks: (state.storage?.tokenLeaks ?? []).length,
				unionIdLookups: state.requests.filter((r) => r.path === '/topapi/v2/user/get').length,
				// The most PUTs the object store had in flight at once: files uploaded side by side.
				putsAtOnce: Math.max(0, ...state.requests.map((r) => r.putsInFlight || 0)),
			});
			process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
			await fetch(`${emulator.apiBaseUrl}/__emulator/reset`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ storage: true }),
			});
		}
		const head =
			'| scenario | files | node s | node MB/s | raw s | raw MB/s | node vs raw | raw PUTs alone s | node vs raw PUTs alone | n8n peak RSS MB | growth vs 1 KiB run MB | of which reading the files MB | of which the upload MB | sha256 | token leaks | unionId lookups | PUTs at once |';
		const table = [
			head,
			'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
			...rows.map(
				(r) =>
					`| ${r.scenario} | ${r.files} | ${r.nodeSeconds} | ${r.nodeMBps} | ${r.rawSeconds} | ${r.rawMBps} | ${r.relative} | ${r.rawPutSeconds} | ${r.relativeToPutsAlone} | ${r.peakRssMb} | ${r.rssGrowthMb} | ${r.readOnlyGrowthMb} | ${r.uploadShareMb} | ${r.sha256Matches === null ? '–' : r.sha256Matches ? 'match' : 'MISMATCH'} | ${r.tokenLeaks} | ${r.unionIdLookups} | ${r.putsAtOnce} |`,
			),
		].join('\n');
		process.stdout.write(
			`\nn8n 2.41.1 on Node 24, filesystem binary mode, emulator on loopback, baseline peak RSS ${baseline.peakMb.toFixed(0)} MB, ${new Date().toISOString()}\n\n${table}\n`,
		);
		fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
		fs.writeFileSync(
			path.join(__dirname, 'results', 'files.json'),
			JSON.stringify({ baselineMb: baseline.peakMb, rows }, null, 2),
		);
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
