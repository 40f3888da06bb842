/**
 * Workflows saved before the resource locators: the DingTalk nodes of examples/ hold plain text in
 * User IDs, Conversation ID (a chatId) and the like. Each runs unchanged against the emulator and
 * DingTalk receives what it did before.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import approval from '../../examples/approval-send-and-wait.json';
import card from '../../examples/interactive-card-alert.json';
import groupAlert from '../../examples/send-group-alert.json';
import textToUsers from '../../examples/send-text-to-users.json';
import workNotification from '../../examples/work-notification-and-result.json';
import { useEmulator } from '../support/useEmulator';
import { runNode, TestCredentialsHelper } from './harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

type Workflow = { nodes: Array<{ name: string; type: string; parameters: IDataObject }> };

/** The parameters of the example's DingTalk node doing `operation`. */
function saved(workflow: Workflow, operation: string): IDataObject {
	const node = workflow.nodes.find(
		(n) => n.type === 'n8n-nodes-dingtalk-app.dingTalk' && n.parameters.operation === operation,
	);
	if (!node) throw new Error(`no ${operation} node`);
	return node.parameters;
}

const run = async (parameters: IDataObject, items?: INodeExecutionData[]) => {
	const result = await runNode({ credentials: credentials(), parameters, items });
	expect(result.error).toBeUndefined();
	return result;
};

describe('example workflows saved before the pickers', () => {
	it('send-text-to-users: User IDs as text', async () => {
		await run(saved(textToUsers as unknown as Workflow, 'sendToUsers'));
		const [call] = await env.client.requestsTo('/v1.0/robot/oToMessages/batchSend');
		expect(call.body?.userIds).toEqual(['user0001', 'user0002', 'manager4220']);
	});

	it('send-group-alert and approval: a chatId as the Conversation ID text', async () => {
		await run(saved(groupAlert as unknown as Workflow, 'sendToGroup'));
		await run(saved(approval as unknown as Workflow, 'sendToGroup'), [
			{ json: { data: { respondedBy: { userId: 'manager4220' }, respondedAt: 'now' } } },
		]);
		const sends = await env.client.requestsTo('/v1.0/robot/groupMessages/send');
		expect(sends.map((s) => s.body?.openConversationId)).toEqual([
			'cidEmuGroup+One/AAA==',
			'cidEmuGroup+One/AAA==',
		]);
		expect(
			await env.client.requestsTo('/v1.0/im/chat/chatemu0001/convertToOpenConversationId'),
		).toHaveLength(2);
	});

	it('interactive-card-alert: the card goes to the group of the chatId', async () => {
		const { output } = await run(saved(card as unknown as Workflow, 'send'));
		expect(output[0].json).toMatchObject({ openConversationId: 'cidEmuGroup+One/AAA==' });
	});

	it('work-notification-and-result: User IDs as text, an unknown user reported', async () => {
		await run(saved(workNotification as unknown as Workflow, 'sendWorkNotification'));
		const [call] = await env.client.requestsTo('/topapi/message/corpconversation/asyncsend_v2');
		expect(call.body).toMatchObject({ userid_list: 'user0001,user0002,ghost-user' });
	});
});
