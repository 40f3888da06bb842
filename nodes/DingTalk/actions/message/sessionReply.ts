/**
 * Replies to an incoming robot message (https://open.dingtalk.com/document/orgapp/receive-message). While the message's sessionWebhook
 * is valid, text, Markdown, link and action-card replies go through it (it can @-mention the
 * sender in groups); media, and every reply after the session expired, go through the robot APIs
 * (1:1 batchSend to the sender, or the group send), which cannot @-mention.
 */
import type { IDataObject, ICredentialDataDecryptedObject } from 'n8n-workflow';

import { dingTalkBaseUrls } from '../../../../credentials/common/hosts';
import type { RobotMessage } from '../../helpers/messages/content';

/** Stop using a session this long before DingTalk says it ends, so a reply never races the expiry. */
export const SESSION_EXPIRY_MARGIN_MS = 60_000;

/**
 * The sessionWebhook's path below the credential's oapi base URL plus its session id, or a
 * reason it cannot be one of this credential's environment (never send a reply elsewhere).
 */
export function sessionTarget(
	credentials: ICredentialDataDecryptedObject,
	sessionWebhook: string,
):
	| { path: string; session: string; problem?: undefined }
	| { problem: string; path?: undefined; session?: undefined } {
	let url: URL;
	try {
		url = new URL(sessionWebhook.trim());
	} catch {
		return { problem: `"${sessionWebhook.slice(0, 80)}" is not a URL` };
	}
	const base = new URL(dingTalkBaseUrls(credentials).oapi);
	const basePath = base.pathname.replace(/\/+$/, '');
	const session = url.searchParams.get('session');
	if (
		url.origin !== base.origin ||
		url.pathname !== `${basePath}/robot/sendBySession` ||
		!session ||
		url.username ||
		url.password
	) {
		return {
			problem: `The URL is not a DingTalk sessionWebhook of this credential's environment (${base.origin})`,
		};
	}
	return { path: '/robot/sendBySession', session };
}

/** The sessionWebhook body (custom-robot JSON) for a robot message, or undefined for media types. */
export function sessionBody(
	message: RobotMessage,
	mentionUserId?: string,
): IDataObject | undefined {
	const p = JSON.parse(message.msgParam) as IDataObject;
	const mention = mentionUserId ? `@${mentionUserId} ` : '';
	const at = mentionUserId ? { at: { atUserIds: [mentionUserId], isAtAll: false } } : {};
	switch (message.msgKey) {
		case 'sampleText':
			return { msgtype: 'text', text: { content: `${mention}${p.content as string}` }, ...at };
		case 'sampleMarkdown':
			return {
				msgtype: 'markdown',
				markdown: { title: p.title, text: `${mention}${p.text as string}` },
				...at,
			};
		case 'sampleLink':
			return {
				msgtype: 'link',
				link: { title: p.title, text: p.text, messageUrl: p.messageUrl, picUrl: p.picUrl },
			};
		case 'sampleActionCard':
			return {
				msgtype: 'actionCard',
				actionCard: {
					title: p.title,
					text: `${mention}${p.text as string}`,
					singleTitle: p.singleTitle,
					singleURL: p.singleURL,
				},
				...at,
			};
		default: {
			const card = /^sampleActionCard(\d)$/.exec(message.msgKey);
			if (!card) return undefined;
			const btns: IDataObject[] = [];
			for (let n = 1; n <= 5; n++) {
				if (p[`actionTitle${n}`])
					btns.push({ title: p[`actionTitle${n}`], actionURL: p[`actionURL${n}`] });
				if (p[`buttonTitle${n}`])
					btns.push({ title: p[`buttonTitle${n}`], actionURL: p[`buttonUrl${n}`] });
			}
			return {
				msgtype: 'actionCard',
				actionCard: {
					title: p.title,
					text: `${mention}${p.text as string}`,
					btnOrientation: card[1] === '6' ? '1' : '0',
					btns,
				},
				...at,
			};
		}
	}
}
