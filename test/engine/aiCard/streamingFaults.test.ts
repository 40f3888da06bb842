/**
 * Stream Text when DingTalk pushes back: a QPS quota on the streaming endpoint and 503 answers,
 * three cards streamed by one node run. Whatever is throttled or repeated, each card's accepted
 * updates grow in order, the last one finalizes it, and its text is the answer byte for byte.
 */
import type { IDataObject } from 'n8n-workflow';

import { longText } from '../../emulator/products/openai';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const STREAMING = '/v1.0/card/streaming';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

interface StreamedCard {
	outTrackId: string;
	streams: Record<string, { content: string; finalized: boolean }>;
	streamingUpdates: Array<{ isFinalize: boolean; lateAfterFinalize?: boolean }>;
	state: string;
}

it('under a streaming quota and 503s, three cards stream in order and end with their exact answers', async () => {
	const ids = ['q-1', 'q-2', 'q-3'];
	const created = await runNode({
		credentials: credentials(),
		items: ids.map((outTrackId) => ({ json: { outTrackId } })),
		parameters: {
			resource: 'aiCard',
			operation: 'create',
			sendTo: 'user',
			userId: 'user0001',
			options: { outTrackId: '={{ $json.outTrackId }}' },
		},
	});
	expect(created.error).toBeUndefined();
	await env.client.faults({
		throttles: [{ path: STREAMING, qps: 4 }],
		rules: [{ type: 'status', status: 503, path: STREAMING, after: 3, count: 2 }],
	});
	const answers = ids.map((id, n) => `${id}: ${longText(700 + n * 150)} 完`);
	const { output, error } = await runNode({
		credentials: credentials(),
		items: ids.map((outTrackId, n) => ({ json: { outTrackId, answer: answers[n] } })),
		parameters: {
			resource: 'aiCard',
			operation: 'stream',
			outTrackId: '={{ $json.outTrackId }}',
			text: '={{ $json.answer }}',
			options: { intervalMs: 100 },
		},
	});
	expect(error).toBeUndefined();
	const requests = await env.client.requestsTo(STREAMING);
	expect(requests.some((r) => r.outcome === 'throttled')).toBe(true);
	expect(requests.some((r) => r.outcome === 'fault-status')).toBe(true);
	const cards = await env.client.admin<StreamedCard[]>('GET', 'aiCards');
	ids.forEach((id, n) => {
		const card = cards.find((c) => c.outTrackId === id)!;
		// What DingTalk accepted for this card: growing prefixes of the answer, finalized once, last.
		const accepted = requests
			.filter((r) => r.outcome === 'ok' && r.body?.outTrackId === id)
			.map((r) => r.body as IDataObject);
		expect(accepted.length).toBeGreaterThanOrEqual(5);
		accepted.forEach((body, k) => {
			expect(answers[n].startsWith(String(body.content))).toBe(true);
			if (k > 0)
				expect(String(body.content).length).toBeGreaterThanOrEqual(
					String(accepted[k - 1].content).length,
				);
		});
		expect(accepted.map((body) => Boolean(body.isFinalize))).toEqual([
			...Array(accepted.length - 1).fill(false),
			true,
		]);
		expect(Buffer.from(card.streams.msgContent.content)).toEqual(Buffer.from(answers[n]));
		expect(card.state).toBe('finished');
		expect(card.streamingUpdates.some((u) => u.lateAfterFinalize)).toBe(false);
		expect(output[n].json).toMatchObject({ outTrackId: id, state: 'finished', text: answers[n] });
	});
});
