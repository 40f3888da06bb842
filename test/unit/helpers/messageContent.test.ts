import type { RobotMessageType } from '../../../nodes/DingTalk/helpers/messageContent';
import { buildRobotMessage } from '../../../nodes/DingTalk/helpers/messageContent';

describe('buildRobotMessage', () => {
	describe('text', () => {
		it('uses msgKey sampleText and a JSON string msgParam with the content', () => {
			const result = buildRobotMessage({ type: 'text', content: 'Hello 钉钉' });
			expect(result.problem).toBeUndefined();
			expect(result.message).toEqual({ msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'Hello 钉钉' }) });
			expect(typeof result.message?.msgParam).toBe('string');
		});

		it('keeps quotes, new lines and backslashes intact through the JSON string', () => {
			const content = 'Line "one"\nLine \\two\\ — 第二行';
			const result = buildRobotMessage({ type: 'text', content });
			expect(result.message?.msgParam).toBe(JSON.stringify({ content }));
			expect(JSON.parse(result.message?.msgParam ?? '')).toEqual({ content });
		});

		it('ignores a title for text messages', () => {
			const result = buildRobotMessage({ type: 'text', content: 'hi', title: 'Ignored' });
			expect(JSON.parse(result.message?.msgParam ?? '')).toEqual({ content: 'hi' });
		});
	});

	describe('markdown', () => {
		it('uses msgKey sampleMarkdown and a JSON string msgParam with title and text', () => {
			const result = buildRobotMessage({ type: 'markdown', content: '# Report\n- item', title: 'Daily report' });
			expect(result.problem).toBeUndefined();
			expect(result.message?.msgKey).toBe('sampleMarkdown');
			expect(typeof result.message?.msgParam).toBe('string');
			expect(JSON.parse(result.message?.msgParam ?? '')).toEqual({ title: 'Daily report', text: '# Report\n- item' });
		});

		it('trims the title', () => {
			const result = buildRobotMessage({ type: 'markdown', content: 'body', title: '  日报  ' });
			expect(JSON.parse(result.message?.msgParam ?? '')).toEqual({ title: '日报', text: 'body' });
		});

		it('reports a missing title against the Title parameter', () => {
			const result = buildRobotMessage({ type: 'markdown', content: 'body' });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Title');
			expect(result.problem?.fix).toBeTruthy();
		});

		it('reports a blank title against the Title parameter', () => {
			const result = buildRobotMessage({ type: 'markdown', content: 'body', title: '   ' });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Title');
		});
	});

	describe('empty content', () => {
		it.each(['text', 'markdown'] as RobotMessageType[])('reports empty %s content against the Content parameter', (type) => {
			const result = buildRobotMessage({ type, content: '', title: 'T' });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Content');
			expect(result.problem?.problem).toContain('empty');
			expect(result.problem?.fix).toBeTruthy();
		});

		it('reports whitespace-only content against the Content parameter', () => {
			const result = buildRobotMessage({ type: 'text', content: ' \n\t ' });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Content');
		});

		it('reports missing content against the Content parameter', () => {
			const result = buildRobotMessage({ type: 'text' } as unknown as { type: RobotMessageType; content: string });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Content');
		});

		it('checks content before the title', () => {
			const result = buildRobotMessage({ type: 'markdown', content: '' });
			expect(result.problem?.parameter).toBe('Content');
		});
	});

	describe('unknown type', () => {
		it('reports an unsupported type against the Message Type parameter and names it', () => {
			const result = buildRobotMessage({ type: 'image' as RobotMessageType, content: 'x' });
			expect(result.message).toBeUndefined();
			expect(result.problem?.parameter).toBe('Message Type');
			expect(result.problem?.problem).toContain('image');
		});
	});
});
