import {
	type AIMessage,
	type AIMessageChunk,
	HumanMessage,
	ToolMessage,
} from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';

import { OPENAI_API_KEY, longText } from '../../emulator/products/openai';
import { useEmulator } from '../../support/useEmulator';

/**
 * The emulator's deterministic OpenAI-compatible chat model, driven over HTTP and by LangChain's
 * ChatOpenAI (the client n8n's OpenAI Chat Model node builds): models list, non-streaming and
 * streaming completions, scripted answers per conversation, a tool call answered after the tool
 * result, refusals in OpenAI's error shape, a model that fails and one that dies mid-answer.
 */

interface ModelCall {
	model?: string;
	stream: boolean;
	rule?: number | string;
	messages?: Array<{ role: string; content: unknown; tool_call_id?: string }>;
	tools?: string[];
	content?: string;
	toolCalls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	error?: { status: number; message: string };
	refused?: { message: string; code: string | null };
	broken?: boolean;
}

const env = useEmulator();

const v1 = () => `${env.emulator.apiBaseUrl}/v1`;
const auth = { authorization: `Bearer ${OPENAI_API_KEY}`, 'content-type': 'application/json' };

async function script(body: Record<string, unknown>): Promise<void> {
	const response = await fetch(`${env.emulator.apiBaseUrl}/__emulator/openai/script`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(200);
}

async function calls(): Promise<ModelCall[]> {
	const response = await fetch(`${env.emulator.apiBaseUrl}/__emulator/openai`);
	return ((await response.json()) as { calls: ModelCall[] }).calls;
}

async function complete(body: Record<string, unknown>, headers: Record<string, string> = auth) {
	const response = await fetch(`${v1()}/chat/completions`, {
		method: 'POST',
		headers,
		body: JSON.stringify(body),
	});
	return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The JSON events of a server-sent-events body, and whether it ended with [DONE]. */
interface Chunk {
	object: string;
	choices: Array<{ delta: { content?: string; role?: string }; finish_reason: string | null }>;
	usage?: Record<string, number>;
}

function events(text: string): { chunks: Chunk[]; done: boolean } {
	const data = text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice(6));
	const done = data[data.length - 1] === '[DONE]';
	return { chunks: data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Chunk), done };
}

/**
 * ChatOpenAI as n8n's OpenAI Chat Model builds it (no `streaming` field: `.stream()` streams over
 * the wire, `.invoke()` does not).
 */
function chatModel() {
	return new ChatOpenAI({
		apiKey: OPENAI_API_KEY,
		model: 'emu-chat',
		maxRetries: 0,
		configuration: { baseURL: v1() },
	});
}

/** The whole message a `.stream()` gave, chunk by chunk (text and tool calls). */
async function streamed(
	stream: AsyncIterable<AIMessageChunk>,
): Promise<{ message: AIMessageChunk; chunks: number }> {
	let message: AIMessageChunk | undefined;
	let chunks = 0;
	for await (const chunk of stream) {
		message = message ? message.concat(chunk) : chunk;
		chunks++;
	}
	return { message: message!, chunks };
}

describe('emulator OpenAI-compatible chat model', () => {
	it('lists its models for the right key and refuses a missing or wrong one as OpenAI does', async () => {
		const listed = await fetch(`${v1()}/models`, { headers: auth });
		expect(listed.status).toBe(200);
		expect(await listed.json()).toEqual({
			object: 'list',
			data: [
				expect.objectContaining({ id: 'emu-chat', object: 'model' }),
				expect.objectContaining({ id: 'gpt-4o-mini', object: 'model' }),
			],
		});
		const missing = await fetch(`${v1()}/models`);
		expect(missing.status).toBe(401);
		expect(await missing.json()).toEqual({
			error: expect.objectContaining({ type: 'invalid_request_error', code: null }),
		});
		const wrong = await complete(
			{ model: 'emu-chat', messages: [{ role: 'user', content: 'hi' }] },
			{ ...auth, authorization: 'Bearer sk-wrong' },
		);
		expect(wrong.status).toBe(401);
		expect(JSON.parse(wrong.text).error.code).toBe('invalid_api_key');
		expect(wrong.text).not.toContain('sk-wrong');
	});

	it('answers a non-streaming completion with the chat.completion shape (default: echo)', async () => {
		const reply = await complete({
			model: 'emu-chat',
			messages: [
				{ role: 'system', content: 'You are terse.' },
				{ role: 'user', content: [{ type: 'text', text: '你好, DingTalk' }] },
			],
		});
		expect(reply.status).toBe(200);
		const body = JSON.parse(reply.text);
		expect(body).toEqual({
			id: expect.stringMatching(/^chatcmpl-/),
			object: 'chat.completion',
			created: expect.any(Number),
			model: 'emu-chat',
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: 'Echo: 你好, DingTalk', refusal: null },
					logprobs: null,
					finish_reason: 'stop',
				},
			],
			usage: {
				prompt_tokens: expect.any(Number),
				completion_tokens: expect.any(Number),
				total_tokens: expect.any(Number),
			},
			system_fingerprint: 'fp_emulator',
		});
		expect(await calls()).toEqual([
			expect.objectContaining({
				model: 'emu-chat',
				stream: false,
				content: 'Echo: 你好, DingTalk',
			}),
		]);
	});

	it('streams an answer as server-sent chunks that add up to it, then [DONE] and usage', async () => {
		await script({ chunkChars: 7 });
		const reply = await complete({
			model: 'emu-chat',
			stream: true,
			stream_options: { include_usage: true },
			messages: [{ role: 'user', content: '/long 200' }],
		});
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const { chunks, done } = events(reply.text);
		expect(done).toBe(true);
		expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
		const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
		expect(text).toBe(longText(200));
		expect([...text]).toHaveLength(200);
		// 200 characters, 7 per chunk: 29 content chunks between the role chunk and the finish chunk.
		expect(chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(29);
		expect(chunks[chunks.length - 2].choices[0]).toMatchObject({
			delta: {},
			finish_reason: 'stop',
		});
		expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: expect.any(Object) });
		expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
	});

	it('gives each conversation its scripted answer, also concurrently, through ChatOpenAI', async () => {
		await script({
			rules: Array.from({ length: 10 }, (_, i) => ({
				match: `conversation ${i}:`,
				answer: `answer for ${i}: ${longText(50 + i)}`,
			})),
		});
		const model = chatModel();
		const answers = await Promise.all(
			Array.from({ length: 10 }, async (_, i) => {
				const message = new HumanMessage(`conversation ${i}: hello`);
				if (i % 2 === 0) return (await model.invoke([message])).content;
				const { message: reply, chunks } = await streamed(await model.stream([message]));
				expect(chunks).toBeGreaterThan(5);
				return reply.content;
			}),
		);
		expect(answers).toEqual(
			Array.from({ length: 10 }, (_, i) => `answer for ${i}: ${longText(50 + i)}`),
		);
		const seen = await calls();
		expect(seen).toHaveLength(10);
		expect(seen.filter((c) => c.stream)).toHaveLength(5);
	});

	it('asks for a tool, then answers from the tool result (ChatOpenAI with bound tools)', async () => {
		await script({
			rules: [
				{
					match: 'who is user0001',
					toolCalls: [{ name: 'Get_user', arguments: { userId: 'user0001' } }],
					afterTool: 'The user is {{tool}}.',
				},
			],
		});
		const tool = {
			type: 'function' as const,
			function: {
				name: 'Get_user',
				description: 'Looks up a DingTalk user',
				parameters: {
					type: 'object',
					properties: { userId: { type: 'string' } },
					required: ['userId'],
				},
			},
		};
		const model = chatModel().bindTools([tool]);
		for (const streaming of [false, true]) {
			const ask = async (messages: unknown[]) =>
				streaming
					? (await streamed(await model.stream(messages as HumanMessage[]))).message
					: ((await model.invoke(messages as HumanMessage[])) as AIMessage);
			const question = new HumanMessage('who is user0001?');
			const first = await ask([question]);
			expect(first.tool_calls).toEqual([
				expect.objectContaining({ name: 'Get_user', args: { userId: 'user0001' } }),
			]);
			const callId = String(first.tool_calls?.[0].id);
			const answer = await ask([
				question,
				first,
				new ToolMessage({ content: 'Zhang San (张三)', tool_call_id: callId }),
			]);
			expect(answer.content).toBe('The user is Zhang San (张三).');
		}
		const seen = await calls();
		expect(seen.map((c) => [c.stream, c.toolCalls ? 'tool_calls' : c.content])).toEqual([
			[false, 'tool_calls'],
			[false, 'The user is Zhang San (张三).'],
			[true, 'tool_calls'],
			[true, 'The user is Zhang San (张三).'],
		]);
		expect(seen[0].tools).toEqual(['Get_user']);
		expect(seen[1].messages?.[2]).toMatchObject({ role: 'tool', content: 'Zhang San (张三)' });
	});

	it('calls a tool named in the user message by default (/tool name {json})', async () => {
		const reply = await complete({
			model: 'emu-chat',
			messages: [{ role: 'user', content: '/tool Send_message {"text":"hi"}' }],
			tools: [{ type: 'function', function: { name: 'Send_message', parameters: {} } }],
		});
		const message = JSON.parse(reply.text).choices[0];
		expect(message.finish_reason).toBe('tool_calls');
		expect(message.message.tool_calls).toEqual([
			{
				id: 'call_emu000001',
				type: 'function',
				function: { name: 'Send_message', arguments: '{"text":"hi"}' },
			},
		]);
	});

	it('fails as scripted, in OpenAI error shape (a model error reaches ChatOpenAI)', async () => {
		await script({
			queue: [{ error: { status: 500, message: 'The model is overloaded (emulated)' } }],
		});
		await expect(chatModel().invoke([new HumanMessage('hello')])).rejects.toThrow(
			/The model is overloaded \(emulated\)/,
		);
		// The queue is used once: the next call answers again.
		expect((await chatModel().invoke([new HumanMessage('again')])).content).toBe('Echo: again');
		expect((await calls())[0]).toMatchObject({ error: { status: 500 } });
	});

	it('dies mid-stream after failAfterChars (a model connection that breaks while writing)', async () => {
		await script({ chunkChars: 10, queue: [{ answer: longText(100), failAfterChars: 30 }] });
		let received = '';
		let failure: unknown;
		try {
			const reply = await fetch(`${v1()}/chat/completions`, {
				method: 'POST',
				headers: auth,
				body: JSON.stringify({
					model: 'emu-chat',
					stream: true,
					messages: [{ role: 'user', content: 'x' }],
				}),
			});
			const reader = reply.body!.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				received += new TextDecoder().decode(value);
			}
		} catch (error) {
			failure = error;
		}
		// Whatever arrived before the break is the start of the answer, never [DONE].
		expect(failure).toBeDefined();
		expect(received).not.toContain('[DONE]');
		const text = events(received)
			.chunks.map((c) => c.choices[0]?.delta.content ?? '')
			.join('');
		expect(longText(100).startsWith(text)).toBe(true);
		expect(text.length).toBeLessThanOrEqual(30);
		expect((await calls())[0]).toMatchObject({ stream: true, broken: true });
	});

	it('refuses what OpenAI refuses: unknown model, no messages, a tool answer nobody asked for', async () => {
		const unknown = await complete({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] });
		expect(unknown.status).toBe(404);
		expect(JSON.parse(unknown.text).error.code).toBe('model_not_found');
		const empty = await complete({ model: 'emu-chat', messages: [] });
		expect(empty.status).toBe(400);
		expect(JSON.parse(empty.text).error.param).toBe('messages');
		const orphan = await complete({
			model: 'emu-chat',
			messages: [
				{ role: 'user', content: 'x' },
				{ role: 'tool', content: 'y', tool_call_id: 'call_nobody' },
			],
		});
		expect(orphan.status).toBe(400);
		expect(JSON.parse(orphan.text).error.message).toMatch(/preceeding message with 'tool_calls'/);
		const missingTool = await complete({
			model: 'emu-chat',
			messages: [{ role: 'user', content: '/tool Nope {}' }],
		});
		expect(missingTool.status).toBe(400);
		expect(JSON.parse(missingTool.text).error.message).toMatch(/'Nope' is not among/);
	});
});
