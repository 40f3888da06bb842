'use strict';
// A deterministic OpenAI-compatible chat model, so that n8n's own AI Agent and OpenAI Chat Model
// nodes run against the emulator in the e2e tier (no internet, no key). Not DingTalk: it shares
// the new-API server only so that one base URL serves both (`${apiBaseUrl}/v1`).
//
// Wire format as OpenAI documents it (https://platform.openai.com/docs/api-reference/chat):
// - GET  /v1/models                   {object:'list', data:[{id, object:'model', created, owned_by}]}
// - POST /v1/chat/completions         {model, messages, tools?, stream?, stream_options?} →
//   non-streaming: one chat.completion; streaming: server-sent events `data: {chunk}\n\n` …
//   `data: [DONE]\n\n` (chat.completion.chunk, delta.content / delta.tool_calls, finish_reason).
// - Errors: HTTP 4xx/5xx {error:{message, type, param, code}}; a missing or wrong key is 401.
//
// What the model says is deterministic, decided per request in this order:
// 1. the next scripted reply of the queue (POST /__emulator/openai/script {queue:[reply]});
// 2. the first rule whose `match` is part of the conversation's last user message
//    (POST /__emulator/openai/script {rules:[{match, ...reply}]}): concurrent conversations stay apart;
// 3. without either: `/tool <name> <json>` in the user message calls that tool; `/long <n>` answers
//    n characters; anything else is echoed (`Echo: <text>`).
// A reply: {answer} text; {toolCalls:[{name, arguments}]} asks for tools while the last message is
// the user's, then answers {afterTool} (default `Tool result: <content>`; `{{tool}}` is replaced by
// the tool's answer) once the tool messages are back; {steps:[reply, …]} answers step n on the
// model's n-th turn since the user spoke (tool chains); {error:{status, message, type, code}} fails;
// {failAfterChars: n} breaks the connection after n characters of the answer (a model that dies
// while it writes). Streaming sends `chunkChars` characters per chunk every `chunkDelayMs`.
const crypto = require('node:crypto');

const { HttpReply, StreamedReply } = require('../core');

/** The API key the emulator's model accepts (any other is refused, as OpenAI refuses it). */
const OPENAI_API_KEY = 'sk-emu-0123456789abcdefOPENAI';
const MODELS = ['emu-chat', 'gpt-4o-mini'];
const CREATED = 1764633600; // fixed: the answers are deterministic
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function openai(core) {
	if (!core.openai) state.reset(core);
	return core.openai;
}

function apiError(status, message, type = 'invalid_request_error', code = null, param = null) {
	return new HttpReply(status, { error: { message, type, param, code } });
}

/** Text of a message's content: a string, or the text parts of an array of content parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part) =>
				part && part.type === 'text' && typeof part.text === 'string' ? part.text : '',
			)
			.join('');
	return '';
}

/** A deterministic text of exactly n characters (words, sentences, paragraphs, some Chinese). */
function longText(n) {
	const words = ['钉钉', 'stream', 'card', 'answer', 'model', 'token', '测试', 'typewriter'];
	let text = '';
	for (let i = 0; text.length < n; i++) {
		text += words[i % words.length];
		text += i % 37 === 36 ? '\n\n' : i % 11 === 10 ? '. ' : ' ';
	}
	return text.slice(0, n);
}

/** Checks the request as OpenAI does; returns an error reply or undefined. */
function requestProblem(body) {
	if (!body || typeof body !== 'object')
		return apiError(400, 'We could not parse the JSON body of your request.');
	if (typeof body.model !== 'string' || !body.model)
		return apiError(
			400,
			'you must provide a model parameter',
			'invalid_request_error',
			null,
			'model',
		);
	if (!MODELS.includes(body.model))
		return apiError(
			404,
			`The model \`${body.model}\` does not exist or you do not have access to it.`,
			'invalid_request_error',
			'model_not_found',
		);
	if (!Array.isArray(body.messages) || body.messages.length === 0)
		return apiError(
			400,
			"Invalid 'messages': empty array. Expected an array with minimum length 1.",
			'invalid_request_error',
			'empty_array',
			'messages',
		);
	const asked = new Set();
	for (const [i, message] of body.messages.entries()) {
		if (!message || !ROLES.has(message.role))
			return apiError(
				400,
				`Invalid value for 'messages[${i}].role'.`,
				'invalid_request_error',
				'invalid_value',
				`messages[${i}].role`,
			);
		for (const call of message.tool_calls || []) asked.add(call.id);
		if (message.role === 'tool' && !asked.has(message.tool_call_id))
			return apiError(
				400,
				`Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`,
				'invalid_request_error',
				null,
				`messages.[${i}].role`,
			);
	}
	if (body.tools !== undefined && !Array.isArray(body.tools))
		return apiError(
			400,
			"Invalid type for 'tools': expected an array.",
			'invalid_request_error',
			'invalid_type',
			'tools',
		);
	for (const [i, tool] of (body.tools || []).entries())
		if (
			!tool ||
			tool.type !== 'function' ||
			!tool.function ||
			!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.function.name || '')
		)
			return apiError(
				400,
				`Invalid 'tools[${i}].function.name': string does not match pattern '^[a-zA-Z0-9_-]+$'.`,
				'invalid_request_error',
				'invalid_value',
				`tools[${i}].function.name`,
			);
	return undefined;
}

/** The scripted (or default) reply for this conversation; `rule` names the rule that matched. */
function pickReply(model, messages) {
	const lastUser = [...messages].reverse().find((m) => m.role === 'user');
	const userText = lastUser ? textOf(lastUser.content) : '';
	if (model.queue.length) return { reply: model.queue.shift(), rule: 'queue' };
	const index = model.rules.findIndex(
		(rule) => typeof rule.match !== 'string' || userText.includes(rule.match),
	);
	if (index >= 0) return { reply: model.rules[index], rule: index };
	const tool = /^\s*\/tool\s+([a-zA-Z0-9_-]+)\s*(\{[\s\S]*\})?\s*$/.exec(userText);
	if (tool)
		return {
			reply: { toolCalls: [{ name: tool[1], arguments: tool[2] || '{}' }] },
			rule: 'default',
		};
	const long = /^\s*\/long\s+(\d+)\s*$/.exec(userText);
	if (long) return { reply: { answer: longText(Number(long[1])) }, rule: 'default' };
	return { reply: { answer: `Echo: ${userText}` }, rule: 'default' };
}

/** The tool answers since the model's last tool call (empty when the last message is not a tool's). */
function toolAnswers(messages) {
	const last = messages[messages.length - 1];
	if (last.role !== 'tool') return undefined;
	return messages
		.slice(messages.findLastIndex((m) => m.role !== 'tool') + 1)
		.map((m) => textOf(m.content))
		.join('\n');
}

/** How many times the model has answered since the conversation's last user message. */
function turnsSinceUser(messages) {
	const lastUser = messages.findLastIndex((m) => m.role === 'user');
	return messages.slice(lastUser + 1).filter((m) => m.role === 'assistant').length;
}

/** What the model does: {error} | {toolCalls} | {content}. */
function decide(model, body) {
	const messages = body.messages;
	const picked = pickReply(model, messages);
	const rule = picked.rule;
	let reply = picked.reply;
	const toolText = toolAnswers(messages);
	// A literal reply (queued, or one step of `steps`) does what it says; a rule's toolCalls asks
	// for the tools once, then answers afterTool from their results.
	let literal = rule === 'queue';
	if (Array.isArray(reply.steps) && reply.steps.length) {
		reply = reply.steps[Math.min(turnsSinceUser(messages), reply.steps.length - 1)];
		literal = true;
	}
	const fill = (template) =>
		String(template ?? '')
			.split('{{tool}}')
			.join(toolText ?? '');
	if (reply.error) return { rule, error: reply.error };
	if (toolText !== undefined && !literal) {
		const template = reply.afterTool ?? (reply.toolCalls ? 'Tool result: {{tool}}' : reply.answer);
		return { rule, content: fill(template), failAfterChars: reply.failAfterChars };
	}
	if (reply.toolCalls && reply.toolCalls.length) {
		const offered = (body.tools || []).map((t) => t.function.name);
		const missing = reply.toolCalls.find((call) => !offered.includes(call.name));
		if (missing)
			return {
				rule,
				error: {
					status: 400,
					message: `emulator: the scripted tool '${missing.name}' is not among the request's tools (${offered.join(', ') || 'none'})`,
				},
			};
		const toolCalls = reply.toolCalls.map((call) => ({
			id: `call_emu${String(++model.toolCallSeq).padStart(6, '0')}`,
			type: 'function',
			function: {
				name: call.name,
				arguments:
					typeof call.arguments === 'string'
						? call.arguments
						: JSON.stringify(call.arguments || {}),
			},
		}));
		return { rule, toolCalls };
	}
	return { rule, content: fill(reply.answer), failAfterChars: reply.failAfterChars };
}

const tokensOf = (text) => Math.max(1, Math.ceil(String(text).length / 4));

function usageOf(body, outcome) {
	const prompt = body.messages.reduce((sum, m) => sum + tokensOf(textOf(m.content) || ' '), 0);
	const completion = outcome.toolCalls
		? tokensOf(JSON.stringify(outcome.toolCalls))
		: tokensOf(outcome.content || ' ');
	return {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: prompt + completion,
	};
}

function completion(id, body, outcome) {
	const message = {
		role: 'assistant',
		content: outcome.toolCalls ? null : outcome.content,
		refusal: null,
	};
	if (outcome.toolCalls) message.tool_calls = outcome.toolCalls;
	return {
		id,
		object: 'chat.completion',
		created: CREATED,
		model: body.model,
		choices: [
			{
				index: 0,
				message,
				logprobs: null,
				finish_reason: outcome.toolCalls ? 'tool_calls' : 'stop',
			},
		],
		usage: usageOf(body, outcome),
		system_fingerprint: 'fp_emulator',
	};
}

/** The chunks of a streamed answer (without the closing `[DONE]`), and where a break cuts them. */
function chunksOf(id, body, outcome, chunkChars) {
	const chunk = (delta, finish = null) => ({
		id,
		object: 'chat.completion.chunk',
		created: CREATED,
		model: body.model,
		system_fingerprint: 'fp_emulator',
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	const chunks = [
		chunk({ role: 'assistant', content: outcome.toolCalls ? null : '', refusal: null }),
	];
	let breakAt;
	if (outcome.toolCalls) {
		outcome.toolCalls.forEach((call, index) => {
			chunks.push(
				chunk({
					tool_calls: [
						{
							index,
							id: call.id,
							type: 'function',
							function: { name: call.function.name, arguments: '' },
						},
					],
				}),
			);
			const args = call.function.arguments;
			for (let at = 0; at < args.length; at += chunkChars)
				chunks.push(
					chunk({
						tool_calls: [{ index, function: { arguments: args.slice(at, at + chunkChars) } }],
					}),
				);
		});
	} else {
		// Code points, not UTF-16 units: a chunk never splits a character.
		const chars = [...outcome.content];
		for (let at = 0; at < chars.length; at += chunkChars) {
			if (
				outcome.failAfterChars !== undefined &&
				at >= outcome.failAfterChars &&
				breakAt === undefined
			)
				breakAt = chunks.length;
			chunks.push(chunk({ content: chars.slice(at, at + chunkChars).join('') }));
		}
		if (outcome.failAfterChars !== undefined && breakAt === undefined) breakAt = chunks.length;
	}
	chunks.push(chunk({}, outcome.toolCalls ? 'tool_calls' : 'stop'));
	if (body.stream_options && body.stream_options.include_usage)
		chunks.push({ ...chunk({}), choices: [], usage: usageOf(body, outcome) });
	return { chunks, breakAt };
}

const wait = (ms) =>
	ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

const state = {
	reset(core) {
		core.openai = {
			queue: [], // scripted replies, used once each, before any rule
			rules: [], // {match, ...reply}: kept until the next reset or {clear: true}
			calls: [], // every chat completion the model answered (or refused), in order
			chunkChars: 4,
			chunkDelayMs: 0,
			toolCallSeq: 0,
		};
	},
	snapshot: (core) => ({ openai: { calls: openai(core).calls } }),
};

function authorized(req) {
	const header = String(req.headers.authorization || '');
	if (!header)
		return apiError(
			401,
			"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
			'invalid_request_error',
		);
	if (header !== `Bearer ${OPENAI_API_KEY}`)
		return apiError(
			401,
			'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
			'invalid_request_error',
			'invalid_api_key',
		);
	return undefined;
}

module.exports = {
	state,
	OPENAI_API_KEY,
	MODELS,
	longText,
	routes: [
		{
			host: 'api',
			method: 'GET',
			path: '/v1/models',
			auth: false,
			handle({ req }) {
				return (
					authorized(req) ||
					new HttpReply(200, {
						object: 'list',
						data: MODELS.map((id) => ({
							id,
							object: 'model',
							created: CREATED,
							owned_by: 'dingtalk-emulator',
						})),
					})
				);
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1/chat/completions',
			auth: false,
			handle({ core, req, body }) {
				const model = openai(core);
				const refused = authorized(req) || requestProblem(body);
				if (refused) {
					model.calls.push({
						at: Date.now(),
						refused: refused.body.error,
						stream: Boolean(body && body.stream),
					});
					return refused;
				}
				const outcome = decide(model, body);
				const call = {
					at: Date.now(),
					model: body.model,
					stream: body.stream === true,
					rule: outcome.rule,
					messages: body.messages,
					tools: (body.tools || []).map((t) => t.function.name),
				};
				model.calls.push(call);
				if (outcome.error) {
					call.error = outcome.error;
					const status = Number(outcome.error.status) || 500;
					return apiError(
						status,
						String(outcome.error.message || 'The model failed.'),
						outcome.error.type || (status >= 500 ? 'server_error' : 'invalid_request_error'),
						outcome.error.code || null,
					);
				}
				if (outcome.toolCalls) call.toolCalls = outcome.toolCalls;
				else call.content = outcome.content;
				const id = `chatcmpl-emu${crypto.randomBytes(9).toString('hex')}`;
				const headers = { 'x-request-id': `req_${crypto.randomBytes(12).toString('hex')}` };
				if (body.stream !== true) {
					if (outcome.failAfterChars !== undefined) {
						call.broken = true;
						return apiError(
							500,
							'The server had an error while processing your request. Sorry about that!',
							'server_error',
						);
					}
					return new HttpReply(200, completion(id, body, outcome), headers);
				}
				const { chunks, breakAt } = chunksOf(
					id,
					body,
					outcome,
					Math.max(1, Number(model.chunkChars) || 4),
				);
				const delayMs = Number(model.chunkDelayMs) || 0;
				return new StreamedReply(
					200,
					{
						...headers,
						'content-type': 'text/event-stream; charset=utf-8',
						'cache-control': 'no-cache',
					},
					async (res) => {
						for (const [i, chunk] of chunks.entries()) {
							if (i === breakAt) {
								// What was written reaches the client first; then the connection breaks.
								call.broken = true;
								await new Promise((resolve) => res.write('', resolve));
								res.socket.destroy();
								return;
							}
							if (i > 0) await wait(delayMs);
							res.write(`data: ${JSON.stringify(chunk)}\n\n`);
						}
						res.end('data: [DONE]\n\n');
						call.endedAt = Date.now();
					},
				);
			},
		},
	],
	adminRoutes: [
		{
			// {clear?: true, rules?: [{match, answer | toolCalls + afterTool | error, failAfterChars}],
			//  queue?: [reply], chunkChars?, chunkDelayMs?}
			method: 'POST',
			path: '/__emulator/openai/script',
			handle({ core, body }) {
				const model = openai(core);
				if (body.clear) {
					model.rules = [];
					model.queue = [];
				}
				model.rules.push(...(body.rules || []));
				model.queue.push(...(body.queue || []));
				if (body.chunkChars !== undefined) model.chunkChars = Number(body.chunkChars);
				if (body.chunkDelayMs !== undefined) model.chunkDelayMs = Number(body.chunkDelayMs);
				return new HttpReply(200, { rules: model.rules.length, queue: model.queue.length });
			},
		},
		{
			method: 'GET',
			path: '/__emulator/openai',
			handle: ({ core }) => {
				const { calls, rules, queue, chunkChars, chunkDelayMs } = openai(core);
				return new HttpReply(200, { calls, rules, queue, chunkChars, chunkDelayMs });
			},
		},
	],
};
