'use strict';
// How fast this machine is right now, for the e2e, queue and trigger-fault tiers: time-outs scale
// with it, and timing targets (DingTalk's 1.5 s answer) are asserted only where the machine is
// idle and reported otherwise — never silently dropped.
//
// The measure is CPU starvation: a fixed piece of single-threaded work takes `wall` ms of
// wall-clock time for `cpu` ms of this process's CPU time. On an idle machine wall ≈ cpu; with two
// CPU hogs on two cores, about 1.5–2×; at load 8, 4× and more. Real n8n start-up (CPU-bound)
// slows down by about the same factor.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Where timing targets of this run are collected (named by the global setup, read at each use). */
const reportFile = () =>
	process.env.DINGTALK_E2E_TIMINGS ||
	path.join(os.tmpdir(), `dingtalk-e2e-timings-${process.pid}.jsonl`);
process.env.DINGTALK_E2E_TIMINGS ||
	path.join(os.tmpdir(), `dingtalk-e2e-timings-${process.pid}.jsonl`);

/** wall/cpu of ~250 ms of hashing: 1 on an idle machine, more when others take the CPU. */
function starvation(workMs = 250) {
	const data = Buffer.alloc(64 * 1024, 7);
	const wallStart = process.hrtime.bigint();
	const cpuStart = process.cpuUsage();
	let cpuMs = 0;
	while (cpuMs < workMs) {
		for (let i = 0; i < 20; i++) createHash('sha256').update(data).digest();
		const used = process.cpuUsage(cpuStart);
		cpuMs = (used.user + used.system) / 1000;
	}
	const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
	return Math.max(1, wallMs / cpuMs);
}

/**
 * The factor time-outs are multiplied by: the slowest of the run-wide measure (taken by the
 * global setup, passed on in DINGTALK_E2E_SLOWDOWN) and one taken now, capped at 10.
 */
function slowdown() {
	const runWide = Number(process.env.DINGTALK_E2E_SLOWDOWN) || 1;
	if (slowdown.local === undefined) slowdown.local = starvation(150);
	return Math.min(10, Math.max(runWide, slowdown.local));
}

/**
 * A time-out of `ms` on an idle machine, stretched to how slow this one is, with 2× headroom for
 * load that arrives after the measurement (a time-out only decides how long a failure takes to
 * show; a passing wait ends as soon as its condition holds).
 */
function scaled(ms) {
	return Math.round(ms * 2 * slowdown());
}

/**
 * Idle enough that timing targets mean something: nobody else wants the CPU. Take it BEFORE the
 * timed action (while n8n is quiet): afterwards n8n's own work would count against the machine.
 * The run-wide measure (global setup, before any n8n started) must say idle too. The load average
 * is reported, not used: it lags a minute and counts the tests' own processes.
 */
function machineIsIdle() {
	const load = os.loadavg()[0] / Math.max(os.cpus().length, 1);
	const factor = starvation(200);
	const runWide = Number(process.env.DINGTALK_E2E_SLOWDOWN) || 1;
	return {
		idle: factor < 1.3 && runWide < 1.3,
		factor: Number(factor.toFixed(2)),
		runWide,
		loadPerCore: Number(load.toFixed(2)),
	};
}

/**
 * A timing target: asserted (with `expect`) when the machine was idle (`machine`, taken before the
 * timed action), reported either way — on stderr now and in the run's timing report (printed by
 * the global teardown).
 */
function timingTarget(expectFn, name, valueMs, limitMs, extra = {}, machine = machineIsIdle()) {
	const entry = { name, valueMs, limitMs, asserted: machine.idle, ...machine, ...extra };
	fs.appendFileSync(reportFile(), `${JSON.stringify(entry)}\n`);
	const verdict = machine.idle
		? 'asserted'
		: `NOT asserted: machine busy (starvation ${machine.factor}× now, ${machine.runWide}× at start)`;
	process.stderr.write(`[timing] ${name}: ${valueMs} ms (target < ${limitMs} ms) — ${verdict}\n`);
	if (machine.idle) expectFn(valueMs).toBeLessThan(limitMs);
}

/** The timing report of this run (global teardown prints it). */
function timingReport() {
	const file = reportFile();
	if (!fs.existsSync(file)) return [];
	const rows = fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
	fs.rmSync(file, { force: true });
	return rows;
}

module.exports = {
	starvation,
	slowdown,
	scaled,
	machineIsIdle,
	timingTarget,
	timingReport,
};
