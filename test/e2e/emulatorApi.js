'use strict';
// What the e2e, queue and trigger-fault tests share to talk to the emulator's state API and to
// wait for things to happen.

const { scaled } = require('./machine');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something truthy (returned) or the time is up (its last value).
 * `timeoutMs` is for an idle machine, stretched to how slow this one is.
 */
async function until(check, timeoutMs = 30000, everyMs = 200) {
	const deadline = Date.now() + scaled(timeoutMs);
	for (;;) {
		const value = await check();
		if (value || Date.now() > deadline) return value;
		await wait(everyMs);
	}
}

/**
 * The emulator's /__emulator/ API for the emulator `env.emulator` holds (read at call time, so it
 * can be created before the emulator starts).
 */
function emulatorApi(env) {
	const call = async (method, route, body) => {
		const response = await fetch(`${env.emulator.apiBaseUrl}/__emulator/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return await response.json();
	};
	return {
		call,
		state: async () => await call('GET', 'state'),
		sink: async () => await call('GET', 'sink'),
		stream: async () => await call('GET', 'stream'),
	};
}

/**
 * An HTTP Request node named "Report" that posts what reaches it to the emulator's sink, where
 * tests count executions (lost, duplicated). `json` is the expression inside JSON.stringify(…).
 */
function reportNode(apiBaseUrl, { id, position = [240, 0], json = '$json' }) {
	return {
		id,
		name: 'Report',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${apiBaseUrl}/__emulator/sink`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify(${json}) }}`,
			options: {},
		},
	};
}

/**
 * Answers a Send and Wait Approve / Decline link as a person does: opening it (GET) shows the
 * node's confirmation page, whose one button posts the page's form back to the same signed URL;
 * only that POST records the answer. n8n answers 409 while the execution is not waiting yet (the
 * question is sent a moment before): open it again, as a person would. `page` is what the GET
 * showed; `confirmed` what the POST answered, undefined when the page had no form (a tampered
 * link, an execution already answered).
 */
async function answerApproval(url, userAgent, timeoutMs = 30000) {
	const headers = { 'user-agent': userAgent };
	const deadline = Date.now() + scaled(timeoutMs);
	let opened = await fetch(url, { headers, redirect: 'manual' });
	while (opened.status === 409 && Date.now() < deadline) {
		await wait(500);
		opened = await fetch(url, { headers, redirect: 'manual' });
	}
	const page = { status: opened.status, text: await opened.text() };
	const form = /<form method="post">(.*?)<\/form>/s.exec(page.text);
	if (opened.status !== 200 || !form) return { page };
	const fields = Object.fromEntries(
		[...form[1].matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [
			m[1],
			m[2],
		]),
	);
	const response = await fetch(url, {
		method: 'POST',
		headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual',
	});
	return { page, fields, confirmed: { status: response.status, text: await response.text() } };
}

module.exports = { answerApproval, emulatorApi, reportNode, until, wait };
