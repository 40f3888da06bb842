import {
	buildCustomRobotBodies,
	CUSTOM_ROBOT_MAX_BYTES,
} from '../../../../nodes/DingTalk/actions/customRobot/message';

const size = (body: unknown) => Buffer.byteLength(JSON.stringify(body), 'utf8');

describe('buildCustomRobotBodies', () => {
	it('builds each msgtype in the webhook format', () => {
		expect(buildCustomRobotBodies({ type: 'text', content: 'hi' }).bodies).toEqual([
			{ msgtype: 'text', text: { content: 'hi' } },
		]);
		expect(buildCustomRobotBodies({ type: 'markdown', title: 'T', content: '# x' }).bodies).toEqual(
			[{ msgtype: 'markdown', markdown: { title: 'T', text: '# x' } }],
		);
		expect(
			buildCustomRobotBodies({
				type: 'link',
				title: 'T',
				content: 'b',
				messageUrl: 'https://e.com/x',
				picUrl: '',
			}).bodies,
		).toEqual([
			{
				msgtype: 'link',
				link: { title: 'T', text: 'b', messageUrl: 'https://e.com/x', picUrl: '' },
			},
		]);
		expect(
			buildCustomRobotBodies({
				type: 'actionCard',
				title: 'T',
				content: 'b',
				buttons: [{ title: 'Go', url: 'https://e.com' }],
			}).bodies,
		).toEqual([
			{
				msgtype: 'actionCard',
				actionCard: { title: 'T', text: 'b', singleTitle: 'Go', singleURL: 'https://e.com' },
			},
		]);
		expect(
			buildCustomRobotBodies({
				type: 'actionCard',
				title: 'T',
				content: 'b',
				buttonOrientation: 'horizontal',
				buttons: [
					{ title: 'A', url: 'https://e.com/a' },
					{ title: 'B', url: 'https://e.com/b' },
				],
			}).bodies?.[0],
		).toEqual({
			msgtype: 'actionCard',
			actionCard: {
				title: 'T',
				text: 'b',
				btnOrientation: '1',
				btns: [
					{ title: 'A', actionURL: 'https://e.com/a' },
					{ title: 'B', actionURL: 'https://e.com/b' },
				],
			},
		});
		expect(
			buildCustomRobotBodies({
				type: 'feedCard',
				feedLinks: [{ title: 'A', url: 'https://e.com/a', picUrl: 'https://e.com/a.png' }],
			}).bodies,
		).toEqual([
			{
				msgtype: 'feedCard',
				feedCard: {
					links: [{ title: 'A', messageURL: 'https://e.com/a', picURL: 'https://e.com/a.png' }],
				},
			},
		]);
	});

	it('adds @mentions, and writes them into Markdown text where DingTalk needs them', () => {
		const md = buildCustomRobotBodies({
			type: 'markdown',
			title: 'T',
			content: 'x @13800000000',
			atMobiles: ['13800000000', '13900000000'],
			atUserIds: ['u1'],
		});
		expect(md.bodies?.[0]).toEqual({
			msgtype: 'markdown',
			markdown: { title: 'T', text: 'x @13800000000\n\n@13900000000 @u1' },
			at: { atMobiles: ['13800000000', '13900000000'], atUserIds: ['u1'], isAtAll: false },
		});
		expect(
			buildCustomRobotBodies({ type: 'text', content: 'x', atAll: true }).bodies?.[0],
		).toMatchObject({ at: { isAtAll: true } });
	});

	it('appends the keyword only when it is missing', () => {
		expect(
			buildCustomRobotBodies({
				type: 'text',
				content: 'CPU high',
				keyword: '告警',
				appendKeyword: true,
			}),
		).toEqual({
			bodies: [{ msgtype: 'text', text: { content: 'CPU high\n告警' } }],
			keywordAppended: true,
		});
		expect(
			buildCustomRobotBodies({
				type: 'text',
				content: '告警: CPU high',
				keyword: '告警',
				appendKeyword: true,
			}).keywordAppended,
		).toBe(false);
		expect(
			buildCustomRobotBodies({ type: 'markdown', title: '告警', content: 'x', keyword: '告警' })
				.keywordAppended,
		).toBe(false);
		expect(
			buildCustomRobotBodies({ type: 'text', content: 'x', keyword: '告警', appendKeyword: false })
				.problem?.problem,
		).toContain("lacks the robot's keyword");
		const feed = buildCustomRobotBodies({
			type: 'feedCard',
			keyword: 'K',
			feedLinks: [{ title: 'A', url: 'https://e.com', picUrl: 'https://e.com/p' }],
		});
		expect(feed.bodies?.[0]).toMatchObject({ feedCard: { links: [{ title: 'K A' }] } });
	});

	it('splits a 50,000-byte Markdown report at paragraph boundaries into ordered parts under 20,000 bytes', () => {
		const paragraphs = Array.from(
			{ length: 100 },
			(_, i) => `## Section ${i}\n${'数据'.repeat(80)} line ${i}`,
		);
		const content = paragraphs.join('\n\n');
		expect(Buffer.byteLength(content)).toBeGreaterThan(50000);
		const result = buildCustomRobotBodies({
			type: 'markdown',
			title: '日报',
			content,
			keyword: '告警',
		});
		const bodies = result.bodies!;
		expect(bodies.length).toBeGreaterThanOrEqual(3);
		bodies.forEach((body, i) => {
			expect(size(body)).toBeLessThanOrEqual(CUSTOM_ROBOT_MAX_BYTES);
			const md = body.markdown as { title: string; text: string };
			expect(md.title).toBe(`日报 (${i + 1}/${bodies.length})`);
			expect(md.text.endsWith('\n\n告警')).toBe(true);
		});
		const rejoined = bodies
			.map((b) => (b.markdown as { text: string }).text.replace(/\n\n告警$/, ''))
			.join('\n\n');
		expect(rejoined).toBe(content);
	});

	it('refuses an over-long message when splitting is off', () => {
		const result = buildCustomRobotBodies({
			type: 'text',
			content: 'x'.repeat(20001),
			split: false,
		});
		expect(result.problem?.parameter).toBe('Content');
		expect(result.problem?.problem).toContain("over DingTalk's 20000-byte limit");
	});

	it.each([
		[{ type: 'text' as const, content: ' ' }, 'Content'],
		[{ type: 'markdown' as const, content: 'x' }, 'Title'],
		[{ type: 'link' as const, title: 'T', content: 'x', messageUrl: 'nope' }, 'Message URL'],
		[{ type: 'actionCard' as const, title: 'T', content: 'x', buttons: [] }, 'Buttons'],
		[
			{ type: 'feedCard' as const, feedLinks: [{ title: 'A', url: 'https://e.com', picUrl: '' }] },
			'Feed Links',
		],
	])('names the parameter at fault: %j', (input, parameter) => {
		expect(buildCustomRobotBodies(input).problem?.parameter).toBe(parameter);
	});
});
