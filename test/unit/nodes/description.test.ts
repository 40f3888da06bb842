/** What the editor shows of the nodes: canvas subtitle, action order and defaults, panel descriptions. */
import type { INode, INodeProperties, INodePropertyOptions, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DingTalk } from '../../../nodes/DingTalk/DingTalk.node';
import { DingTalkStreamTrigger } from '../../../nodes/DingTalk/DingTalkStreamTrigger.node';
import { DingTalkTrigger } from '../../../nodes/DingTalk/DingTalkTrigger.node';
import aiAssistant from '../../../examples/ai-assistant-streaming-card.json';
import aiLiveAnswer from '../../../examples/ai-live-answer.json';
import approval from '../../../examples/approval-send-and-wait.json';
import approvalFlow from '../../../examples/approval-approved-todo-calendar.json';
import card from '../../../examples/interactive-card-alert.json';
import formToAiTable from '../../../examples/form-to-ai-table.json';
import fileReadRecall from '../../../examples/send-file-read-status-recall.json';
import groupAlert from '../../../examples/send-group-alert.json';
import markdownReport from '../../../examples/send-markdown-report.json';
import textToUsers from '../../../examples/send-text-to-users.json';
import workNotification from '../../../examples/work-notification-and-result.json';

const description = new DingTalk().description;
const resource = description.properties.find((p) => p.name === 'resource')!;
const operationOf = (name: string): INodeProperties =>
	description.properties.find(
		(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[]).includes(name),
	)!;
const values = (property: INodeProperties): string[] =>
	(property.options as INodePropertyOptions[]).map((o) => String(o.value));

/** The subtitle's lookup table (the JSON object literal inside the expression). */
function subtitleNames(): Record<string, string> {
	const subtitle = description.subtitle as string;
	const table =
		/^=\{\{ (\{.*\})\[\$parameter\["resource"\] \+ ":" \+ \$parameter\["operation"\]\] \?\? \$parameter\["operation"\] \}\}$/.exec(
			subtitle,
		);
	expect(table).not.toBeNull();
	return JSON.parse(table![1]) as Record<string, string>;
}

describe('canvas subtitle', () => {
	it("shows the operation's display name, looked up by resource and operation", () => {
		const names = subtitleNames();
		expect(names['message:sendToUsers']).toBe('Send to Users');
		expect(names['file:uploadToDrive']).toBe('Upload to Drive');
		expect(names['file:sendToGroup']).toBe('Send to Group');
		expect(names['card:send']).toBe('Send Interactive Card');
		expect(names['api:request']).toBe('Make a Request');
		expect(Object.values(names).some((name) => /^[a-z]+[A-Z]/.test(name))).toBe(false);
	});

	it("evaluates in n8n's expression engine to what a user reads", () => {
		const type = new DingTalk();
		const nodeTypes = {
			getByName: () => type,
			getByNameAndVersion: () => type,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const subtitleFor = (parameters: INode['parameters']): unknown => {
			const node: INode = {
				id: '1',
				name: 'DingTalk',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [0, 0],
				parameters,
			};
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			return workflow.expression.getSimpleParameterValue(
				node,
				description.subtitle as string,
				'internal',
				{},
			);
		};
		expect(subtitleFor({ resource: 'message', operation: 'sendToUsers' })).toBe('Send to Users');
		expect(subtitleFor({ resource: 'file', operation: 'uploadToDrive' })).toBe('Upload to Drive');
		expect(subtitleFor({ resource: 'message', operation: 'sendAndWait' })).toBe(
			'Send and Wait for Response',
		);
	});

	it('has an entry for every operation of every resource', () => {
		const names = subtitleNames();
		for (const r of values(resource)) {
			for (const op of values(operationOf(r))) expect(names[`${r}:${op}`]).toBeTruthy();
		}
	});
});

describe('order and defaults', () => {
	it('lists Message first and the raw API call last, and opens on Message → Send to Users', () => {
		expect(values(resource)).toEqual([
			'message',
			'card',
			'aiCard',
			'file',
			'aiTable',
			'workbook',
			'approval',
			'todo',
			'calendar',
			'user',
			'conversation',
			'customRobot',
			'api',
		]);
		expect(resource.default).toBe('message');
		expect(values(operationOf('message'))[0]).toBe('sendToUsers');
		expect(operationOf('message').default).toBe('sendToUsers');
		expect(values(operationOf('message')).slice(0, 4)).toEqual([
			'sendToUsers',
			'sendToGroup',
			'sendWorkNotification',
			'sendAndWait',
		]);
		expect(values(operationOf('file'))[0]).toBe('uploadToDrive');
		expect(values(operationOf('aiTable')).slice(0, 3)).toEqual([
			'createRecord',
			'upsertRecord',
			'getManyRecords',
		]);
		expect(operationOf('file').default).toBe('uploadToDrive');
	});

	it('keeps every resource and operation the examples use', () => {
		const names = subtitleNames();
		for (const workflow of [
			aiAssistant,
			aiLiveAnswer,
			approval,
			approvalFlow,
			card,
			fileReadRecall,
			formToAiTable,
			groupAlert,
			markdownReport,
			textToUsers,
			workNotification,
		]) {
			for (const node of workflow.nodes as Array<{
				type: string;
				parameters: { resource?: string; operation?: string };
			}>) {
				if (node.type !== 'n8n-nodes-dingtalk-app.dingTalk') continue;
				const r = node.parameters.resource ?? 'message';
				const op = node.parameters.operation ?? String(operationOf(r).default);
				expect(names[`${r}:${op}`]).toBeTruthy();
			}
		}
	});
});

describe('nodes panel descriptions', () => {
	it("words the HTTP trigger's description as the package summary the merged DingTalk entry shows", () => {
		// n8n merges dingTalkTrigger into dingTalk (same name without "Trigger") and shows the trigger's description.
		const trigger = new DingTalkTrigger().description;
		expect(trigger.name.replace('Trigger', '')).toBe(description.name);
		expect(trigger.description).toMatch(
			/^DingTalk \(钉钉\) app: send messages, cards and files, and start workflows/,
		);
		expect(description.description).toMatch(/^DingTalk \(钉钉\) app: send messages/);
		expect(description.description).not.toMatch(/^Starts/);
	});

	it('keeps the Stream trigger, listed on its own, described as a trigger', () => {
		const stream = new DingTalkStreamTrigger().description;
		expect(stream.name.replace('Trigger', '')).not.toBe(description.name);
		expect(stream.description).toMatch(/^Starts the workflow/);
	});
});
