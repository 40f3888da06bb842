/**
 * Robot message content: the msgKey / msgParam pair DingTalk's robot APIs take
 * (dingtalk-api.md §3.4). msgParam is a JSON *string*, never an object.
 */
export type RobotMessageType = 'text' | 'markdown';

export interface RobotMessageInput {
	type: RobotMessageType;
	content: string;
	title?: string;
}

export interface RobotMessage {
	msgKey: string;
	msgParam: string;
}

/** Why content cannot be sent: the parameter at fault, what is wrong, how to fix it. */
export interface ContentProblem {
	parameter: string;
	problem: string;
	fix: string;
}

export type RobotMessageResult = { message: RobotMessage; problem?: undefined } | { message?: undefined; problem: ContentProblem };

export function buildRobotMessage(input: RobotMessageInput): RobotMessageResult {
	const content = input.content ?? '';
	if (!content.trim()) {
		return { problem: { problem: 'Content is empty', parameter: 'Content', fix: 'Enter the message text, or map a field that contains it.' } };
	}
	switch (input.type) {
		case 'text':
			return { message: { msgKey: 'sampleText', msgParam: JSON.stringify({ content }) } };
		case 'markdown': {
			const title = (input.title ?? '').trim();
			if (!title) {
				return { problem: { problem: 'Title is empty', parameter: 'Title', fix: 'Markdown messages need a title: DingTalk shows it in the chat list and in notifications (消息标题).' } };
			}
			return { message: { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text: content }) } };
		}
		default:
			return { problem: { problem: `Message type "${String(input.type)}" is not supported`, parameter: 'Message Type', fix: 'Choose one of the listed message types.' } };
	}
}
