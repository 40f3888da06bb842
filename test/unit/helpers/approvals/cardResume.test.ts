import {
	buttonIdFor,
	cardAnswerProblem,
	cardBizIdFor,
	parseCardClick,
	PROOF_WINDOW_MS,
	signCardAnswer,
} from '../../../../nodes/DingTalk/helpers/approvals/cardResume';

const NODE = '6c2f4b0e-0000-4000-8000-000000000001';
const SIGNATURE = 'ab'.repeat(32);
const SECRET = 'app-secret';

describe('Send and Wait cards: what the ids carry', () => {
	it('cardBizId names the execution, the node and the card; button ids the decision and the signature', () => {
		expect(cardBizIdFor('4711', NODE, 1)).toBe(`hitl.4711.${NODE}.1`);
		const approve = buttonIdFor('approve', SIGNATURE);
		expect(approve).toMatch(/^a[A-Za-z0-9_-]{43}$/);
		expect(buttonIdFor('decline', SIGNATURE)).toBe(`d${approve.slice(1)}`);
		expect(parseCardClick(`hitl.4711.${NODE}.1`, approve)).toEqual({
			executionId: '4711',
			nodeId: NODE,
			signature: SIGNATURE,
			cardBizId: `hitl.4711.${NODE}.1`,
			decision: 'approve',
			progress: 0,
		});
		// All approvers must approve: who already did rides along (bits 0 and 2: the first and third).
		const withProgress = buttonIdFor('approve', SIGNATURE, 0b101);
		expect(withProgress).toBe(`${approve}00005`);
		expect(withProgress.length).toBeLessThanOrEqual(64);
		expect(parseCardClick(`hitl.4711.${NODE}.1`, withProgress)?.progress).toBe(5);
	});

	it.each([
		['a node ID that does not fit the 64-character cardBizId', '9'.repeat(20), 'x'.repeat(41)],
		['an ID with characters DingTalk refuses', '4711', 'node id'],
		['an execution ID with a dot', '47.11', NODE],
	])('no cardBizId for %s', (_what, execution, node) => {
		expect(cardBizIdFor(execution, node, 0)).toBeUndefined();
	});

	it.each([
		['another card', 'alert-4711', 'ack'],
		['a user-chosen action ID', `hitl.4711.${NODE}.0`, 'ack'],
		['no button', `hitl.4711.${NODE}.0`, undefined],
		['a short signature', `hitl.4711.${NODE}.0`, 'aAAAA'],
	])('%s is not a Send and Wait click', (_what, cardBizId, actionId) => {
		expect(parseCardClick(cardBizId, actionId)).toBeUndefined();
	});
});

describe('Send and Wait cards: the proof of an answer', () => {
	const click = { ...parseCardClick(`hitl.4711.${NODE}.0`, buttonIdFor('approve', SIGNATURE))! };
	const now = 1_800_000_000_000;
	const answer = signCardAnswer(SECRET, click, 'manager4220', 'msg-1', now);

	it('a fresh answer proven with the app secret over this signature is accepted', () => {
		expect(answer).toMatchObject({
			hitl: 'dingtalk-card',
			decision: 'approve',
			userId: 'manager4220',
			proof: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(cardAnswerProblem(SECRET, SIGNATURE, NODE, answer, now + 1000)).toBeUndefined();
	});

	it.each([
		['another secret', { secret: 'other' }, 'bad proof'],
		['another signature (another execution or URL)', { signature: 'cd'.repeat(32) }, 'bad proof'],
		['another node', { node: 'other-node' }, 'not a card answer for this node'],
		['an empty secret', { secret: '' }, 'the credential has no Client Secret'],
		['too old', { now: now + PROOF_WINDOW_MS + 1 }, 'stale answer'],
		['from the future', { now: now - PROOF_WINDOW_MS - 1 }, 'stale answer'],
	])(
		'%s is refused',
		(
			_what,
			change: { secret?: string; signature?: string; node?: string; now?: number },
			reason,
		) => {
			expect(
				cardAnswerProblem(
					change.secret ?? SECRET,
					change.signature ?? SIGNATURE,
					change.node ?? NODE,
					answer,
					change.now ?? now,
				),
			).toBe(reason);
		},
	);

	it.each([
		['userId', 'user0001'],
		['decision', 'decline'],
		['at', now + 1],
		['cardBizId', `hitl.4711.${NODE}.1`],
		['progress', 3],
	])('changing %s breaks the proof', (field, value) => {
		expect(cardAnswerProblem(SECRET, SIGNATURE, NODE, { ...answer, [field]: value }, now)).toBe(
			'bad proof',
		);
	});
});
