import {
	buildCustomRobotBodies,
	CUSTOM_ROBOT_MAX_BYTES,
} from '../../../../nodes/DingTalk/actions/customRobot/message';
import { splitText } from '../../../../nodes/DingTalk/actions/customRobot/splitText';

describe('splitText', () => {
	it('falls back to lines, then characters, never breaking a multi-byte character', () => {
		const parts = splitText(`${'钉'.repeat(10)}\n${'钉'.repeat(10)}`, 20);
		expect(parts.every((p) => Buffer.byteLength(p) <= 20)).toBe(true);
		expect(parts.join('').replace(/\n/g, '')).toBe('钉'.repeat(20));
	});
});

describe('splitText and long custom-robot text: linear, within the byte limit, nothing lost', () => {
	const MB = 1024 * 1024;
	const inputs: Array<[string, () => string]> = [
		['1 MB on one line, no spaces', () => 'a'.repeat(MB)],
		[
			'1 MB of control characters (6 bytes each once JSON-escaped)',
			() => '\u0001\u0002\u001f'.repeat(MB / 3),
		],
		['1 MB of CJK', () => '钉'.repeat(MB / 3)],
		['1 MB of emoji (surrogate pairs)', () => '😀'.repeat(MB / 4)],
		[
			'1 MB mixed: quotes, backslashes, CJK, emoji, lone surrogates',
			() => 'a"\\钉😀\ud800\t'.repeat(MB / 12),
		],
		['1 MB of one-character lines', () => 'x\n'.repeat(MB / 2)],
	];

	it.each(inputs)('%s: splitText is linear and exact', (_name, make) => {
		const text = make();
		const started = Date.now();
		const parts = splitText(text, 19000);
		const elapsed = Date.now() - started;
		expect(elapsed).toBeLessThan(1000);
		expect(parts.length).toBeGreaterThan(1);
		for (const part of parts) {
			// Escaped as DingTalk measures it, each part fits; no part starts or ends inside a surrogate pair.
			expect(Buffer.byteLength(JSON.stringify(part), 'utf8') - 2).toBeLessThanOrEqual(19000);
			expect(
				/^[\udc00-\udfff]/.test(part) && /[\ud800-\udbff]$/.test(text.slice(0, text.indexOf(part))),
			).toBe(false);
		}
		// Breaks at line ends are dropped; everything else arrives in order.
		if (text.includes('\n'))
			expect(parts.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
		else expect(parts.join('')).toBe(text);
	});

	it.each(inputs)(
		'%s: a text custom-robot message is split into bodies under 20,000 bytes in well under a second',
		(_name, make) => {
			const content = make();
			const started = Date.now();
			const result = buildCustomRobotBodies({
				type: 'text',
				content,
				keyword: '告警',
				split: true,
			});
			expect(Date.now() - started).toBeLessThan(1000);
			const bodies = result.bodies ?? [];
			expect(bodies.length).toBeGreaterThan(1);
			for (const body of bodies)
				expect(Buffer.byteLength(JSON.stringify(body), 'utf8')).toBeLessThanOrEqual(
					CUSTOM_ROBOT_MAX_BYTES,
				);
			const texts = bodies.map((b) =>
				String((b.text as { content: string }).content).replace(/\n告警$/, ''),
			);
			if (content.includes('\n'))
				expect(texts.join('').replace(/\n/g, '')).toBe(content.replace(/\n/g, ''));
			else expect(texts.join('')).toBe(content);
		},
	);

	it('never splits a surrogate pair or a UTF-8 character, at any budget', () => {
		const text = 'a😀钉b'.repeat(50);
		for (let budget = 6; budget < 40; budget++) {
			const parts = splitText(text, budget);
			expect(parts.join('')).toBe(text);
			for (const part of parts) expect(part.startsWith('\ude00')).toBe(false);
		}
	});
});
