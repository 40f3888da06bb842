'use strict';
// Once per e2e run: provision Node 24 + n8n (cold on a fresh machine), measure how slow the
// machine is right now (time-outs scale with it), pack the package once, and prepare a template n8n
// home (package installed, database migrated) that each test file copies instead of building its
// own. Shared with the queue tier and the fault suite's trigger scenarios.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { starvation } = require('./machine');
const { N8nInstance, packPackage } = require('./n8n');
const { provision, describeFailure } = require('./provision');

const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

module.exports = async () => {
	if (
		!fs.existsSync(
			path.join(__dirname, '..', '..', 'dist', 'nodes', 'DingTalk', 'DingTalk.node.js'),
		)
	) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tier');
	}
	try {
		await provision();
	} catch (error) {
		throw new Error(describeFailure(error));
	}
	const factor = starvation(300);
	process.env.DINGTALK_E2E_SLOWDOWN = factor.toFixed(2);
	process.env.DINGTALK_E2E_TIMINGS = path.join(
		os.tmpdir(),
		`dingtalk-e2e-timings-${process.pid}-${Date.now()}.jsonl`,
	);
	log(
		`machine: ${os.cpus().length} cores, load ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}, CPU starvation ${factor.toFixed(2)}× (time-outs scaled by it)`,
	);

	const started = Date.now();
	const tarball = await packPackage();
	const template = await N8nInstance.create({ tarball });
	await template.migrate();
	process.env.DINGTALK_E2E_TARBALL = tarball;
	process.env.DINGTALK_E2E_TEMPLATE_HOME = template.home;
	log(
		`template n8n home ready in ${((Date.now() - started) / 1000).toFixed(1)} s (package installed, database migrated)`,
	);
};
