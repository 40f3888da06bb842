'use strict';
// `npm run demo`: the product working end to end with no DingTalk account. Starts the DingTalk
// emulator and a real n8n editor on 127.0.0.1 with this package installed, imports the emulator
// credential and the example workflows, runs each example once in the editor, prints what
// "DingTalk" received, then keeps the editor running until Ctrl-C. The live examples (a webhook or a Stream
// Trigger) stay active: their messages wait in the emulator's preview page, whose buttons do what
// DingTalk's would.
//
//   npm run demo                 the editor's home (your workflows, executions, log-in) is kept
//   npm run demo -- --fresh      start from an empty editor home
//   DINGTALK_DEMO_EXIT_WHEN_READY=1 npm run demo   stop once ready (CI), exit 1 if an example failed
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../emulator');
const { N8nInstance, PACKAGE_NAME, REPO, emulatorCredential, loadWorkflow } = require('./n8n');
const { paths, provision, describeFailure } = require('./provision');

const say = (text = '') => process.stdout.write(`${text}\n`);
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'DingTalkDemo1!',
};

function describeMessage(message) {
	const kind = message.msgKey || (message.msg && `work:${message.msg.msgtype}`) || message.channel;
	const param = message.msgParam || (message.msg && message.msg[message.msg.msgtype]) || {};
	// A StandardCard: its title and first Markdown block.
	const p =
		param.header || param.contents
			? {
					title: param.header && param.header.title && param.header.title.text,
					text: ((param.contents || []).find((c) => c.text) || {}).text,
				}
			: param;
	const head = p.head && p.head.text ? `[${p.head.text}] ` : '';
	const body =
		p.content ??
		p.text ??
		p.fileName ??
		(p.body && (p.body.title || p.body.content)) ??
		p.title ??
		JSON.stringify(p);
	const title = p.title ? `「${p.title}」 ` : '';
	return `${String(kind).padEnd(17)} ${head}${title}${String(body).replace(/\s+/g, ' ').slice(0, 70)}`;
}

function recipient(message) {
	return (
		message.userId ||
		(message.openConversationId ? `group ${message.openConversationId}` : message.channel)
	);
}

async function emulatorJson(emulator, route, method = 'GET') {
	return await (await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, { method })).json();
}

/**
 * Runs the other examples one by one in the started editor, as its "Execute workflow" button does,
 * printing what DingTalk received for each.
 */
async function runHeadless(n8n, emulator, examples) {
	let failures = 0;
	for (const workflow of examples) {
		await emulatorJson(emulator, 'reset', 'POST');
		const t0 = Date.now();
		let status;
		try {
			({ status } = await n8n.runManually(workflow));
		} catch (error) {
			status = `not started (${error.message.split('\n')[0]})`;
		}
		const state = await emulatorJson(emulator, 'state');
		const seconds = ((Date.now() - t0) / 1000).toFixed(1);
		const ok = status === 'success';
		if (!ok) failures++;
		say(
			`▶ ${workflow.name}  (${ok ? 'success' : `FAILED: ${status}; the execution is in the editor's Executions list`}, ${seconds} s)`,
		);
		// The Stream Trigger example's connection (it reconnects after each reset) is not this example's.
		const calls = state.requests.filter(
			(r) => !r.path.startsWith('/__emulator') && !r.path.startsWith('/v1.0/gateway/'),
		);
		say(
			`  DingTalk received ${calls.length} API call${calls.length === 1 ? '' : 's'} (${calls.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ')})`,
		);
		const byText = new Map();
		for (const message of state.messages) {
			const key = describeMessage(message);
			byText.set(key, [...(byText.get(key) || []), recipient(message)]);
		}
		for (const [text, users] of byText) {
			const who =
				users.length > 4
					? `${users.slice(0, 3).join(', ')} … ${users[users.length - 1]} (${users.length} users)`
					: users.join(', ');
			say(`  delivered ${text}\n            to ${who}`);
		}
		say();
	}
	return failures;
}

/** Starts each webhook example once; their messages stay in the preview page until answered. */
async function startLive(n8n, emulator, webhookExamples, webhookOf) {
	let failures = 0;
	for (const workflow of webhookExamples) {
		const before = (await emulatorJson(emulator, 'state')).messages.length;
		const url = `${n8n.baseUrl}/webhook/${webhookOf(workflow).parameters.path}`;
		// Production webhooks are registered a moment after the REST API answers.
		for (let attempt = 0; attempt < 240 && !/POST/.test(await (await fetch(url)).text()); attempt++)
			await wait(250);
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		let message;
		for (let attempt = 0; attempt < 120 && !message; attempt++) {
			await wait(250);
			message = (await emulatorJson(emulator, 'state')).messages[before];
		}
		say(`▶ ${workflow.name}  (started through its webhook: HTTP ${response.status})`);
		if (!message) {
			failures++;
			say('  FAILED: nothing reached DingTalk; see the execution in the editor.\n');
			continue;
		}
		say(`  delivered ${describeMessage(message)}\n            to ${recipient(message)}`);
		if (message.channel === 'card') {
			say(
				'  The card is in the preview page below; its Acknowledge button sends the card callback to',
			);
			say(
				'  the app\'s Stream connection, where the "…mark the card acknowledged" example updates the card.',
			);
		} else {
			say(
				'  The execution now waits for the answer: answer it as the manager with the Approve or Decline',
			);
			say(
				"  button in the preview page below (n8n's signed resume links), then Confirm on the page it opens;",
			);
			say('  the execution then continues, and the requester gets the decision in the group.');
		}
		say();
	}
	return failures;
}

// The demo's emulator ports: the same every run, so the credential a kept home holds stays right
// and nothing needs importing again (other free ports if these are taken).
const DEMO_PORTS = { apiPort: 18180, oapiPort: 18181, ossPort: 18182 };

async function startDemoEmulator() {
	try {
		return await startEmulator({ latencyMs: 20, ...DEMO_PORTS });
	} catch (error) {
		if (error.code !== 'EADDRINUSE') throw error;
		return await startEmulator({ latencyMs: 20 });
	}
}

function filesUnder(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath, entry.name))
		.sort();
}

function fingerprint(texts) {
	const hash = crypto.createHash('sha256');
	for (const text of texts) hash.update(text).update('\0');
	return hash.digest('hex');
}

/**
 * What a kept home already holds, so a later demo skips the work that would give the same result:
 * installing this build of the package, importing the credential and examples (each import is a
 * cold start of n8n's CLI). The stamps are written only after that work succeeded.
 */
class HomeStamps {
	constructor(home) {
		this.file = path.join(home, '.dingtalk-demo-stamps.json');
		try {
			this.stamps = JSON.parse(fs.readFileSync(this.file, 'utf8'));
		} catch {
			this.stamps = {};
		}
	}

	holds(name, value) {
		return this.stamps[name] === value;
	}

	record(name, value) {
		this.stamps[name] = value;
		fs.writeFileSync(this.file, JSON.stringify(this.stamps, null, 2));
	}
}

/** The editor's owner: created on a new home, logged in on a kept one. */
async function ownerOf(n8n) {
	try {
		return await n8n.setupOwner(OWNER);
	} catch (error) {
		if (!/owner setup failed: 400/.test(error.message)) throw error;
		n8n.owner = OWNER;
		await n8n.login();
		return OWNER;
	}
}

async function main() {
	const started = Date.now();
	const fresh = process.argv.includes('--fresh') || process.env.DINGTALK_DEMO_FRESH === '1';
	const exitWhenReady = process.env.DINGTALK_DEMO_EXIT_WHEN_READY === '1';
	say('DingTalk for n8n — demo against the bundled DingTalk emulator\n');
	try {
		await provision();
	} catch (error) {
		say(describeFailure(error));
		process.exit(1);
	}
	const emulator = await startDemoEmulator();
	say(`Emulator: new API ${emulator.apiBaseUrl}, old API ${emulator.oapiBaseUrl}`);

	const home = path.join(paths.cache, 'demo-home');
	const kept = !fresh && fs.existsSync(path.join(home, '.n8n', 'database.sqlite'));
	if (!kept) {
		fs.rmSync(home, { recursive: true, force: true });
		fs.mkdirSync(home, { recursive: true });
	}
	say(
		kept
			? `Editor home: ${home} (kept from the last demo: your workflows and executions are still there; \`npm run demo -- --fresh\` starts clean)`
			: `Editor home: ${home} (new; kept for the next demo run)`,
	);
	const stamps = new HomeStamps(home);
	const build = fingerprint(
		[path.join(REPO, 'package.json'), ...filesUnder(path.join(REPO, 'dist'))].map((file) =>
			fs.readFileSync(file),
		),
	);
	const installed =
		kept &&
		stamps.holds('package', build) &&
		fs.existsSync(path.join(home, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'));
	const n8n = await N8nInstance.create({ home, template: null, install: !installed });
	if (!installed) stamps.record('package', build);
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator …');
		await n8n.stop();
		await emulator.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		const credential = emulatorCredential(emulator);
		const exampleFiles = fs
			.readdirSync(path.join(REPO, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => path.join(REPO, 'examples', f));
		const examples = exampleFiles.map(loadWorkflow);
		const webhookOf = (workflow) =>
			workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
		const isLive = (workflow) =>
			workflow.nodes.some(
				(node) => node.type === 'n8n-nodes-base.webhook' || /StreamTrigger$/.test(node.type),
			);
		const live = examples.filter(isLive);
		// The credential names the emulator's ports. Import it and the examples (and publish the live
		// ones) unless the kept home holds exactly these already.
		const imports = fingerprint([
			JSON.stringify(credential),
			...exampleFiles.map((f) => fs.readFileSync(f)),
		]);
		if (kept && stamps.holds('imported', imports)) {
			say(
				`The emulator credential and the ${examples.length} examples are as the last demo left them.\n`,
			);
		} else {
			await n8n.importCredentials([credential]);
			await n8n.importWorkflows(examples);
			for (const workflow of live) await n8n.publish(workflow.id);
			stamps.record('imported', imports);
			say(`Imported the emulator credential and ${examples.length} example workflows.\n`);
		}

		await n8n.start();
		const owner = await ownerOf(n8n);
		let failures = await runHeadless(
			n8n,
			emulator,
			examples.filter((w) => !isLive(w)),
		);
		// From here on the emulator keeps everything, so the preview page shows every live message.
		await emulatorJson(emulator, 'reset', 'POST');
		failures += await startLive(n8n, emulator, live.filter(webhookOf), webhookOf);
		say(`Preview of what DingTalk shows: ${emulator.apiBaseUrl}/__emulator/preview`);
		say(
			`n8n editor: ${n8n.baseUrl}   (ready after ${((Date.now() - started) / 1000).toFixed(0)} s)`,
		);
		say(`  log in as ${owner.email} / ${owner.password}`);
		say(
			'  open a workflow under "Overview" and press "Execute workflow"; the emulator state is at',
		);
		say(`  ${emulator.apiBaseUrl}/__emulator/state`);
		if (failures > 0) say(`\n${failures} example${failures === 1 ? '' : 's'} failed (see above).`);
		if (exitWhenReady) return await stop(failures > 0 ? 1 : 0);
		say('Press Ctrl-C to stop.');
	} catch (error) {
		say(`Demo failed: ${error.message.split('\n')[0]}`);
		await stop(1);
	}
}

main();
