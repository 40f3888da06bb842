import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	CARD_RESUME_QUERY,
	cardBizIdFor,
	MAX_PROGRESS_APPROVERS,
	signatureOf,
} from '../../helpers/approvals/cardResume';
import type { RunContext } from '../../helpers/execution/runContext';
import { itemError, parameterError } from '../../helpers/execution/items';
import type { MessageButton } from '../../helpers/messages/content';
import { parseIdList } from '../../helpers/messages/recipients';
import { buildRobotMessage } from '../../helpers/messages/robotContent';
import { robotCodeOf } from '../../transport';
import { questionCard } from './sendAndWait.cardContent';
import { sendAndWaitProperties } from './sendAndWait.description';
import { readFormFields } from './sendAndWait.form';
import { askGroup, askUsers, cardsTo } from './sendAndWait.recipients';
import { setTimeoutOutput, waitUntil } from './sendAndWait.wait';
import { SEND_AND_WAIT } from './sendAndWait.webhook';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT] } },
	sendAndWaitProperties,
);

const i = 0;
const textOf = (value: unknown, fallback: string) => String(value ?? '').trim() || fallback;

/** n8n's attribution line, in DingTalk Markdown (not under an empty message: that is an error). */
function withAttribution(context: IExecuteFunctions, message: string, append: unknown): string {
	if (append === false || !message) return message;
	const link = `https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=${encodeURIComponent(context.getInstanceId())}`;
	return `${message}\n\n*This message was sent automatically with [n8n](${link})*`;
}

/** Checks what the answer depends on before anything is sent: the approver list, the form. */
function checkAnswerSetup(
	context: IExecuteFunctions,
	responseType: string,
	approveIn: string,
	sendTo: string,
): void {
	if (responseType === 'customForm') {
		const defineForm = context.getNodeParameter('defineForm', i, 'fields') as string;
		const read = readFormFields(
			defineForm,
			context.getNodeParameter('formFields', i, {}),
			context.getNodeParameter('jsonOutput', i, '[]'),
		);
		if (read.problem !== undefined)
			throw parameterError(
				context,
				i,
				defineForm === 'json' ? 'Form Fields' : 'Form Elements',
				read.problem,
				'Give every field a label and a type the form page offers (text, textarea, number, email, password, date, dropdown, radio, checkbox, hiddenField); choice fields need options.',
			);
		return;
	}
	if (responseType !== 'approval') return;
	const approvers = parseIdList(context.getNodeParameter('approvers', i, ''), 'user ID');
	if (approvers.problem !== undefined)
		throw parameterError(context, i, 'Restrict Who Can Approve', approvers.problem, approvers.fix);
	if (approveIn === 'card' && context.getNodeParameter('approvalsNeeded', i, 'first') === 'all') {
		const everyone =
			approvers.ids.length > 0 || sendTo === 'group'
				? approvers.ids
				: (parseIdList(context.getNodeParameter('userIds', i, ''), 'user ID').ids ?? []);
		if (everyone.length === 0 || everyone.length > MAX_PROGRESS_APPROVERS)
			throw parameterError(
				context,
				i,
				'Restrict Who Can Approve',
				everyone.length === 0
					? 'All approvers must approve, but nobody is named'
					: `All ${everyone.length} approvers must approve`,
				`Name 1–${MAX_PROGRESS_APPROVERS} approvers (in a group the list says who "all" is), or let the first answer decide.`,
			);
	}
	if (approvers.ids.length > 0 && sendTo === 'group' && approveIn === 'link')
		throw parameterError(
			context,
			i,
			'Restrict Who Can Approve',
			'A group link does not say who opened it, so the approver list cannot be checked',
			'Set Approve In to DingTalk Card (card clicks name the user), or send to the approvers as Users.',
		);
}

/**
 * Sends the question once (from the first item, as n8n's own Send and Wait nodes do), then puts
 * the execution to wait. The output comes from the webhook (sendAndWait.webhook.ts): a button
 * link, a form, or a card click the DingTalk Stream Trigger forwards.
 */
async function ask(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	const title = String(this.getNodeParameter('title', i, '') ?? '').trim();
	const responseType = this.getNodeParameter('responseType', i, 'approval') as string;
	const approval = ((this.getNodeParameter('approvalOptions', i, {}) as IDataObject)?.values ??
		{}) as IDataObject;
	const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
	const message = withAttribution(
		this,
		String(this.getNodeParameter('message', i, '') ?? '').trim(),
		itemOptions.appendAttribution,
	);
	const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
	const waitTill = waitUntil(
		this,
		(itemOptions.limitWaitTime as IDataObject | undefined)?.values as IDataObject | undefined,
	);
	const sendTo = this.getNodeParameter('sendTo', i) as string;
	const approveIn =
		responseType === 'approval'
			? (this.getNodeParameter('approveIn', i, 'link') as string)
			: 'link';
	checkAnswerSetup(this, responseType, approveIn, sendTo);
	const approveLabel = textOf(approval.approveLabel, 'Approve');
	const declineLabel =
		approval.approvalType === 'double' ? textOf(approval.disapproveLabel, 'Decline') : undefined;

	let sent: IDataObject[];
	if (approveIn === 'card') {
		const built = questionCard({
			title,
			message,
			approveLabel,
			declineLabel,
			signature: signatureOf(this.getSignedResumeUrl({ ...CARD_RESUME_QUERY })),
		});
		if (built.problem)
			throw parameterError(this, i, 'Message', built.problem.problem, built.problem.fix);
		const executionId = this.getExecutionId();
		const nodeId = this.getNode().id;
		sent = await cardsTo(this, run, robotCode, built.cardData, (n) => {
			const id = cardBizIdFor(executionId, nodeId, n);
			if (id) return id;
			throw parameterError(
				this,
				i,
				'Approve In',
				`The card cannot name this node (ID "${nodeId.slice(0, 60)}")`,
				'Node IDs are usually short UUIDs; re-create the node, or set Approve In to Browser.',
			);
		});
	} else {
		/** The buttons for one recipient (userId) or for the whole group. */
		const buttonsFor = (userId?: string): MessageButton[] => {
			const who: Record<string, string> = userId ? { userId } : {};
			if (responseType !== 'approval')
				return [
					{
						title: textOf(itemOptions.messageButtonLabel, 'Respond'),
						url: this.getSignedResumeUrl({ ...who }),
					},
				];
			const approve = {
				title: approveLabel,
				url: this.getSignedResumeUrl({ approved: 'true', ...who }),
			};
			if (declineLabel === undefined) return [approve];
			return [
				approve,
				{ title: declineLabel, url: this.getSignedResumeUrl({ approved: 'false', ...who }) },
			];
		};
		const messageFor = (userId?: string) => {
			const built = buildRobotMessage('actionCard', {
				title,
				content: message,
				buttons: buttonsFor(userId),
				buttonOrientation: 'horizontal',
			});
			if (built.problem) {
				const parameter =
					built.problem.parameter === 'Content' ? 'Message' : built.problem.parameter;
				throw parameterError(this, i, parameter, built.problem.problem, built.problem.fix);
			}
			return built.message;
		};
		sent =
			sendTo === 'group'
				? await askGroup(this, run, robotCode, messageFor)
				: await askUsers(this, run, robotCode, messageFor);
	}

	setTimeoutOutput(this, waitTill);
	await this.putExecutionToWait(waitTill);
	return items.slice(0, 1).map((item) => ({
		json: { ...item.json, sentTo: sent, waitingUntil: waitTill.toISOString() },
		pairedItem: { item: 0 },
	}));
}

/**
 * Send and Wait; with Continue On Fail a question that could not be sent becomes the error item
 * and the workflow goes on without waiting (as n8n's Slack node does).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	try {
		return await ask.call(this, items, run);
	} catch (error) {
		if (!this.continueOnFail()) throw itemError(this, error, 0);
		const detail = (error as { description?: string }).description;
		return [
			{
				json: { error: (error as Error).message, ...(detail ? { description: detail } : {}) },
				pairedItem: { item: 0 },
			},
		];
	}
}
