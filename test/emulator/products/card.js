'use strict';
// Robot interactive cards, 普通版 (dingtalk-api.md §11.1): POST /v1.0/im/v1.0/robot/interactiveCards/send
// with cardTemplateId "StandardCard" and cardData as a JSON *string*, to a group (openConversationId)
// or one user (singleChatReceiver, itself a JSON string); PUT /v1.0/im/robots/interactiveCards updates
// a sent card by cardBizId. Clicks on `request` buttons reach the app's Stream connection on topic
// /v1.0/card/instances/callback (card_callback_message shape of the official Stream SDK).
// Admin: POST /__emulator/cards/click simulates a click; GET /__emulator/cards lists sent cards;
// GET /__emulator/preview renders delivered messages and cards as a chat page (HTML).
const { HttpReply, base64Id, newApiError } = require('../core');
const { PUBLIC_AI_CARD_TEMPLATE, stateOf, textOf } = require('./aiCard');
const { checkRobotBody, findRobotGroup } = require('./robot');
const { pushFrame } = require('./stream');

const CONTENT_TYPES = new Set([
	'markdown',
	'text',
	'divider',
	'action',
	'image',
	'imageList',
	'section',
]);
const BUTTON_STATUSES = new Set(['primary', 'normal', 'warning']);
/** [INF] The card API's cardData limit is undocumented; group msgParam's 15 000 bytes is reused. */
const CARD_DATA_MAX_BYTES = 15000;

function cards(core) {
	if (!core.cards) core.cards = new Map();
	return core.cards;
}

const invalid = (field, message) => newApiError(400, `invalidParameter.${field}.invalid`, message);

/** Every button of a StandardCard, wherever it sits (action rows, section extras). */
function buttonsOf(card) {
	const buttons = [];
	for (const block of card.contents || []) {
		if (block.type === 'action') buttons.push(...(block.actions || []));
		if (block.type === 'section' && block.extra) buttons.push(block.extra);
	}
	return buttons;
}

/**
 * StandardCard cardData checks [INF: DingTalk renders nothing for a malformed card and its exact
 * errors are undocumented; the emulator rejects what the official SDK's samples never produce]:
 * a header title or contents; known content types each with an id; buttons with a label, an id,
 * actionType openLink (with url.all) or request, and a known status.
 */
function standardCardProblem(card) {
	if (!card || typeof card !== 'object' || Array.isArray(card)) return 'cardData必须是JSON对象';
	const title = card.header && card.header.title;
	if (title !== undefined && (typeof title !== 'object' || typeof title.text !== 'string'))
		return 'header.title必须是{type:"text",text}';
	if (card.contents !== undefined && !Array.isArray(card.contents)) return 'contents必须是数组';
	if (!title && !(card.contents || []).length) return 'cardData缺少header.title或contents';
	const ids = new Set();
	for (const [i, block] of (card.contents || []).entries()) {
		if (!block || !CONTENT_TYPES.has(block.type))
			return `contents[${i}].type无效: ${block && block.type}`;
		if (typeof block.id !== 'string' || !block.id) return `contents[${i}].id不能为空`;
		if (ids.has(block.id)) return `contents[${i}].id重复: ${block.id}`;
		ids.add(block.id);
		if ((block.type === 'markdown' || block.type === 'text') && typeof block.text !== 'string')
			return `contents[${i}].text必须是字符串`;
		if (block.type === 'action' && (!Array.isArray(block.actions) || block.actions.length === 0))
			return `contents[${i}].actions不能为空`;
	}
	for (const button of buttonsOf(card)) {
		if (!button || button.type !== 'button') return 'button.type必须是button';
		if (typeof button.id !== 'string' || !button.id) return 'button.id不能为空';
		if (!button.label || typeof button.label.text !== 'string' || !button.label.text)
			return `button ${button.id}: label.text不能为空`;
		if (button.actionType === 'openLink') {
			const url = button.url && button.url.all;
			if (typeof url !== 'string' || !/^(https?:\/\/|dingtalk:\/\/|dtmd:\/\/)\S+$/i.test(url))
				return `button ${button.id}: url.all无效`;
		} else if (button.actionType !== 'request')
			return `button ${button.id}: actionType无效: ${button.actionType}`;
		if (button.status !== undefined && !BUTTON_STATUSES.has(button.status))
			return `button ${button.id}: status无效: ${button.status}`;
	}
	return undefined;
}

/** Parses and checks a cardData string; returns {error} or {card}. */
function readCardData(value, templateId) {
	if (typeof value !== 'string' || !value)
		return {
			error: newApiError(
				400,
				'invalidParameter.cardData.empty',
				'cardData不能为空，且必须是JSON字符串',
			),
		};
	if (Buffer.byteLength(value, 'utf8') > CARD_DATA_MAX_BYTES)
		return { error: invalid('cardData', `cardData超过最大长度${CARD_DATA_MAX_BYTES}字节`) };
	let card;
	try {
		card = JSON.parse(value);
	} catch {
		return { error: invalid('cardData', 'cardData必须是JSON字符串') };
	}
	if (templateId === 'StandardCard') {
		const problem = standardCardProblem(card);
		if (problem) return { error: invalid('cardData', problem) };
	}
	return { card };
}

/** The single chat receiver: a JSON string {"userId"} or {"unionId"} naming a member. */
function readReceiver(core, value) {
	if (typeof value !== 'string')
		return {
			error: invalid('singleChatReceiver', 'singleChatReceiver必须是JSON字符串，如{"userId":"…"}'),
		};
	let receiver;
	try {
		receiver = JSON.parse(value);
	} catch {
		return {
			error: invalid('singleChatReceiver', 'singleChatReceiver必须是JSON字符串，如{"userId":"…"}'),
		};
	}
	const user =
		receiver && receiver.userId
			? core.users.get(String(receiver.userId))
			: receiver && receiver.unionId
				? [...core.users.values()].find((u) => u.unionId === receiver.unionId)
				: undefined;
	if (!user)
		return { error: invalid('singleChatReceiver', `singleChatReceiver中的用户不存在: ${value}`) };
	return { user };
}

/**
 * userIdPrivateDataMap / unionIdPrivateDataMap: a JSON *string* of {id: {key: value}} (each listed
 * user sees the card with their own data), e.g. {"userId0001":{"xxxx":"xxxx"}}: a string in the
 * official SDK's SendRobotInteractiveCardRequest / UpdateRobotInteractiveCardRequest (im_1_0).
 * Returns {error} or {map} (undefined when not given). [INF] The value shape and that ids are not
 * checked against the directory.
 */
function readPrivateDataMap(body, field) {
	const value = body[field];
	if (value === undefined || value === null || value === '') return { map: undefined };
	const bad = () => ({
		error: invalid(field, `${field}必须是JSON字符串，如{"id":{"key":"value"}}`),
	});
	if (typeof value !== 'string') return bad();
	let map;
	try {
		map = JSON.parse(value);
	} catch {
		return bad();
	}
	if (!map || typeof map !== 'object' || Array.isArray(map)) return bad();
	for (const data of Object.values(map))
		if (!data || typeof data !== 'object' || Array.isArray(data)) return bad();
	return { map };
}

/** Both private-data maps of a send or update: {error} or {userId, unionId} (each possibly undefined). */
function readPrivateData(body) {
	const byUserId = readPrivateDataMap(body, 'userIdPrivateDataMap');
	if (byUserId.error) return byUserId;
	const byUnionId = readPrivateDataMap(body, 'unionIdPrivateDataMap');
	if (byUnionId.error) return byUnionId;
	return { userId: byUserId.map, unionId: byUnionId.map };
}

/** Merges (byKey) or replaces one private-data map of a card. */
function applyPrivateData(current, incoming, byKey) {
	if (!incoming) return current;
	if (!byKey) return { ...current, ...incoming };
	const next = { ...current };
	for (const [id, data] of Object.entries(incoming)) next[id] = { ...(current[id] || {}), ...data };
	return next;
}

/** sendOptions of a send: atAll (boolean) and JSON strings atUserListJson, receiverListJson (arrays), cardPropertyJson. */
function sendOptionsProblem(options) {
	if (options === undefined || options === null) return undefined;
	if (typeof options !== 'object' || Array.isArray(options)) return 'sendOptions必须是对象';
	if (options.atAll !== undefined && typeof options.atAll !== 'boolean')
		return 'sendOptions.atAll必须是布尔值';
	for (const field of ['atUserListJson', 'receiverListJson', 'cardPropertyJson']) {
		const value = options[field];
		if (value === undefined || value === null || value === '') continue;
		let parsed;
		try {
			parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
		} catch {
			parsed = undefined;
		}
		const wanted =
			field === 'cardPropertyJson'
				? parsed && typeof parsed === 'object' && !Array.isArray(parsed)
				: Array.isArray(parsed);
		if (!wanted)
			return `sendOptions.${field}必须是JSON字符串 (${field === 'cardPropertyJson' ? 'object' : 'array'})`;
	}
	return undefined;
}

function escapeHtml(value) {
	return String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
	);
}

/** DingTalk's Markdown subset, enough to read a message: headings, bold, italics, links, lists, breaks. */
function markdownToHtml(text) {
	return escapeHtml(text)
		.split('\n')
		.map((line) => {
			const heading = /^(#{1,6})\s+(.*)$/.exec(line);
			let html = heading ? `<b class="h${heading[1].length}">${heading[2]}</b>` : line;
			html = html
				.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
				.replace(/(^|[^*])\*(?!\s)(.+?)\*/g, '$1<i>$2</i>')
				.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => `<a href="${href}">${label}</a>`)
				.replace(/^\s*[-*]\s+(.*)$/, '• $1')
				.replace(/^&gt;\s?(.*)$/, '<span class="quote">$1</span>');
			return html;
		})
		.join('<br>');
}

/**
 * A `request` button: a form that clicks it as a member who sees the card (the 1:1 receiver, or
 * the group's first member), as DingTalk's client would, then comes back to this page.
 */
function callbackButton(record, card, button) {
	const clicker = card && (card.userId || (card.memberUserIds || [])[0]);
	const label = escapeHtml(button.label.text);
	if (!clicker)
		return `<span class="button ${escapeHtml(button.status || 'normal')}">${label}</span>`;
	const field = (name, value) =>
		`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
	return `<form class="click" method="post" action="/__emulator/cards/click">${field('cardBizId', card.cardBizId)}${field('actionId', button.id)}${field('userId', clicker)}<button class="button ${escapeHtml(button.status || 'normal')}" title="sends the card callback to the app's Stream connection, as ${escapeHtml(clicker)}">${label}</button></form>`;
}

const link = (url, label, cls = 'button') =>
	`<a class="${cls}" href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;

/** One delivered message (robot msgKey, session/custom-robot msgtype, or a card) as an HTML bubble. */
function renderMessage(record, card) {
	const p = record.msgParam || {};
	if (record.channel === 'card' && card) {
		const rows = (card.cardData.contents || []).map((block) => {
			if (block.type === 'markdown' || block.type === 'text')
				return `<div class="md">${markdownToHtml(block.text)}</div>`;
			if (block.type === 'divider') return '<hr>';
			if (block.type === 'action') {
				return `<div class="actions">${block.actions
					.map((b) =>
						b.actionType === 'openLink'
							? link(b.url.all, b.label.text, `button ${b.status || 'normal'}`)
							: callbackButton(record, card, b),
					)
					.join('')}</div>`;
			}
			return `<div class="md">[${escapeHtml(block.type)}]</div>`;
		});
		const title =
			card.cardData.header && card.cardData.header.title ? card.cardData.header.title.text : '';
		return `<div class="card"><div class="title">${escapeHtml(title)}</div>${rows.join('')}<div class="meta">StandardCard · cardBizId ${escapeHtml(card.cardBizId)}${card.updates.length ? ` · updated ${card.updates.length}×` : ''}</div></div>`;
	}
	const key = record.msgKey;
	if (key === 'sampleText' || key === 'text')
		return `<div class="md">${escapeHtml(p.content).replace(/\n/g, '<br>')}</div>`;
	if (key === 'sampleMarkdown' || key === 'markdown')
		return `<div class="title">${escapeHtml(p.title)}</div><div class="md">${markdownToHtml(p.text)}</div>`;
	if (/^sampleActionCard/.test(key) || key === 'actionCard') {
		const buttons = [];
		if (p.singleTitle) buttons.push(link(p.singleURL, p.singleTitle));
		for (let n = 1; n <= 5; n++) {
			if (p[`actionTitle${n}`]) buttons.push(link(p[`actionURL${n}`], p[`actionTitle${n}`]));
			if (p[`buttonTitle${n}`]) buttons.push(link(p[`buttonUrl${n}`], p[`buttonTitle${n}`]));
		}
		for (const b of p.btns || []) buttons.push(link(b.actionURL, b.title));
		const side = key === 'sampleActionCard6' || p.btnOrientation === '1';
		return `<div class="card"><div class="title">${escapeHtml(p.title)}</div><div class="md">${markdownToHtml(p.text)}</div><div class="actions ${side ? 'side' : ''}">${buttons.join('')}</div></div>`;
	}
	if (key === 'sampleLink' || key === 'link')
		return `<div class="card">${link(p.messageUrl, p.title, 'plain')}<div class="md">${escapeHtml(p.text)}</div></div>`;
	return `<div class="md">[${escapeHtml(key)}]</div>`;
}

const AI_STATES = {
	thinking: '🤔 Thinking… (思考中)',
	streaming: '✍️ Writing… (输入中)',
	executing: '⚙️ Running… (执行中)',
	finished: '✓ Finished (完成)',
	failed: '⚠ Failed (失败)',
	static: '',
};

/** A card-platform card (AI card): its state, its streamed text as it stands, how often it changed. */
function renderAiCard(core, record) {
	const card = (core.aiCards || new Map()).get(record.outTrackId);
	if (!card) return '<div class="md">[card]</div>';
	const state = stateOf(card);
	const params = card.cardParamMap;
	const keys =
		card.cardTemplateId === PUBLIC_AI_CARD_TEMPLATE
			? ['msgContent']
			: [...new Set([...Object.keys(params), ...Object.keys(card.streams)])].filter(
					(key) => key !== 'flowStatus' && key !== 'sys_full_json_obj',
				);
	const body = keys
		.map((key) => {
			const text = textOf(card, key);
			const cursor = state === 'streaming' && card.streams[key] && !card.streams[key].finalized;
			return text || cursor
				? `<div class="md">${markdownToHtml(text)}${cursor ? '<span class="cursor">▍</span>' : ''}</div>`
				: '';
		})
		.join('');
	const title = params.msgTitle ? `<div class="title">${escapeHtml(params.msgTitle)}</div>` : '';
	return `<div class="card ai ${state}">${title}<div class="status ${state}">${AI_STATES[state]}</div>${body || (state === 'thinking' ? '<div class="md thinking">…</div>' : '')}<div class="meta">AI card · ${escapeHtml(card.cardTemplateId)} · outTrackId ${escapeHtml(card.outTrackId)} · ${card.streamingUpdates.length} streaming updates</div></div>`;
}

function previewPage(core, query) {
	const only = query.get('processQueryKey');
	const cardBizId = query.get('cardBizId');
	const limit = Number(query.get('limit')) || 20;
	let records = core.messages.filter(
		(m) => (!only || m.processQueryKey === only) && (!cardBizId || m.cardBizId === cardBizId),
	);
	// One bubble per group message or card; 1:1 batch sends show once per recipient.
	records = records.slice(-limit);
	const bubbles = records.map((record) => {
		const card = record.cardBizId ? cards(core).get(record.cardBizId) : undefined;
		const to = record.openConversationId
			? (core.groups.get(record.openConversationId) || {}).title || record.openConversationId
			: (core.users.get(record.userId) || {}).name || record.userId;
		const when = new Date(record.at).toISOString().replace('T', ' ').slice(0, 19);
		const at =
			record.atUserIds && record.atUserIds.length
				? `<div class="at">@${record.atUserIds.map((id) => escapeHtml((core.users.get(id) || {}).name || id)).join(' @')}</div>`
				: '';
		const content =
			record.channel === 'aiCard' ? renderAiCard(core, record) : renderMessage(record, card);
		return `<section><div class="who"><span class="robot">🤖 Robot</span> → ${escapeHtml(to)} <span class="when">${when} · ${escapeHtml(record.channel)}</span></div><div class="bubble">${at}${content}</div></section>`;
	});
	// While an AI card thinks or streams, the page reloads itself every second (watch it type).
	const live = records.some((record) => {
		const aiCard =
			record.channel === 'aiCard' && (core.aiCards || new Map()).get(record.outTrackId);
		return aiCard && ['thinking', 'streaming', 'executing'].includes(stateOf(aiCard));
	});
	return `<!doctype html><html lang="zh"><head><meta charset="utf-8">${live ? '<meta http-equiv="refresh" content="1">' : ''}<title>DingTalk emulator · messages</title><style>
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;margin:0;padding:16px;color:#171a1d}
h1{font-size:15px;color:#5e6166;margin:0 0 12px}
section{margin:0 0 16px;max-width:560px}.who{font-size:12px;color:#5e6166;margin-bottom:4px}.when{color:#a2a3a5}
.bubble{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.title{font-weight:600;font-size:15px;margin-bottom:6px}.h1,.h2,.h3{font-size:15px}.md{margin:4px 0}.quote{color:#5e6166;border-left:3px solid #e5e6e8;padding-left:6px}
hr{border:0;border-top:1px solid #eef0f2;margin:10px 0}.actions{display:flex;flex-direction:column;gap:8px;margin-top:10px}.actions.side{flex-direction:row}
.button{display:block;flex:1;text-align:center;padding:7px 10px;border-radius:6px;border:1px solid #e5e6e8;color:#0089ff;text-decoration:none}
.button.primary{background:#0089ff;color:#fff;border-color:#0089ff}form.click{display:flex;flex:1;margin:0}form.click .button{width:100%;font:inherit;cursor:pointer;background:#fff}form.click .button.primary{background:#0089ff}.button.warning{color:#ff5219}.plain{color:#0089ff;font-weight:600}
.meta{font-size:11px;color:#a2a3a5;margin-top:8px}.status{font-size:12px;margin-bottom:6px;color:#5e6166}.status.streaming{color:#0089ff}.status.finished{color:#00b365}.status.failed{color:#ff5219}.cursor{color:#0089ff;animation:blink 1s steps(1) infinite}@keyframes blink{50%{opacity:0}}.thinking{color:#a2a3a5}.at{color:#0089ff;font-size:13px}
</style></head><body><h1>DingTalk emulator — delivered messages (${records.length})</h1>${bubbles.join('') || '<p>No messages yet.</p>'}</body></html>`;
}

const state = {
	reset(core) {
		core.cards = new Map(); // cardBizId → interactive card
	},
};

module.exports = {
	state,
	standardCardProblem,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/im/v1.0/robot/interactiveCards/send',
			// [INF] The permission of the 普通版 robot card is not documented separately; robot sends need qyapi_robot_sendmsg.
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const bodyError = checkRobotBody(core, app, body);
				if (bodyError) return bodyError;
				if (typeof body.cardTemplateId !== 'string' || !body.cardTemplateId) {
					return newApiError(
						400,
						'invalidParameter.cardTemplateId.empty',
						'cardTemplateId不能为空',
					);
				}
				if (typeof body.cardBizId !== 'string' || !body.cardBizId)
					return newApiError(400, 'invalidParameter.cardBizId.empty', 'cardBizId不能为空');
				// [INF] cardBizId identifies the card for updates; a second send with the same id is refused.
				if (cards(core).has(body.cardBizId))
					return newApiError(
						400,
						'invalidParameter.cardBizId.duplicate',
						`cardBizId已存在: ${body.cardBizId}`,
					);
				const data = readCardData(body.cardData, body.cardTemplateId);
				if (data.error) return data.error;
				const privateData = readPrivateData(body);
				if (privateData.error) return privateData.error;
				const optionsProblem = sendOptionsProblem(body.sendOptions);
				if (optionsProblem) return invalid('sendOptions', optionsProblem);
				if (
					body.pullStrategy !== undefined &&
					body.pullStrategy !== null &&
					typeof body.pullStrategy !== 'boolean'
				) {
					return invalid('pullStrategy', 'pullStrategy必须是布尔值');
				}
				if (
					body.callbackUrl !== undefined &&
					body.callbackUrl !== null &&
					typeof body.callbackUrl !== 'string'
				) {
					return invalid('callbackUrl', 'callbackUrl必须是字符串');
				}
				const hasGroup = body.openConversationId !== undefined && body.openConversationId !== '';
				const hasUser = body.singleChatReceiver !== undefined && body.singleChatReceiver !== '';
				if (hasGroup === hasUser) {
					return newApiError(
						400,
						'invalidParameter.receiver.invalid',
						'openConversationId和singleChatReceiver必须且只能填写一个',
					);
				}
				const target = {};
				if (hasGroup) {
					const found = findRobotGroup(core, body.openConversationId, body.robotCode);
					if (found.error) return found.error;
					const group = found.group;
					target.openConversationId = group.openConversationId;
					target.memberUserIds = [...group.memberUserIds];
				} else {
					const receiver = readReceiver(core, body.singleChatReceiver);
					if (receiver.error) return receiver.error;
					target.userId = receiver.user.userId;
				}
				const processQueryKey = base64Id();
				const card = {
					cardBizId: body.cardBizId,
					appKey: app.appKey,
					robotCode: body.robotCode,
					cardTemplateId: body.cardTemplateId,
					cardData: data.card,
					callbackUrl: body.callbackUrl || null,
					sendOptions: body.sendOptions || null,
					pullStrategy: body.pullStrategy === true,
					userIdPrivateData: privateData.userId || {},
					unionIdPrivateData: privateData.unionId || {},
					...target,
					sentAt: Date.now(),
					updates: [],
					clicks: [],
				};
				cards(core).set(card.cardBizId, card);
				core.messages.push({
					channel: 'card',
					processQueryKey,
					cardBizId: card.cardBizId,
					robotCode: body.robotCode,
					openConversationId: target.openConversationId || null,
					userId: target.userId || null,
					msgKey: body.cardTemplateId,
					msgParam: data.card,
					at: Date.now(),
				});
				return new HttpReply(200, { processQueryKey });
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: '/v1.0/im/robots/interactiveCards',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				if (!body) return newApiError(400, 'MissingBody', 'body is mandatory');
				if (typeof body.cardBizId !== 'string' || !body.cardBizId)
					return newApiError(400, 'invalidParameter.cardBizId.empty', 'cardBizId不能为空');
				const card = cards(core).get(body.cardBizId);
				if (!card || card.appKey !== app.appKey)
					return invalid('cardBizId', `卡片不存在: ${body.cardBizId}`);
				// Only cardBizId is required (official SDK im_1_0 UpdateRobotInteractiveCardRequest): an
				// update may change the shared cardData, the per-user private data, or both. One that
				// changes nothing is refused [INF: DingTalk's answer to it is undocumented].
				const privateData = readPrivateData(body);
				if (privateData.error) return privateData.error;
				const hasCardData =
					body.cardData !== undefined && body.cardData !== null && body.cardData !== '';
				if (!hasCardData && !privateData.userId && !privateData.unionId) {
					return newApiError(
						400,
						'invalidParameter.cardData.empty',
						'cardData、userIdPrivateDataMap、unionIdPrivateDataMap不能同时为空',
					);
				}
				const options = body.updateOptions;
				if (
					options !== undefined &&
					options !== null &&
					(typeof options !== 'object' || Array.isArray(options))
				) {
					return invalid('updateOptions', 'updateOptions必须是对象');
				}
				const byKey = Boolean(options && options.updateCardDataByKey);
				const privateByKey = Boolean(options && options.updatePrivateDataByKey);
				let next = card.cardData;
				if (hasCardData) {
					const data = readCardData(body.cardData, 'free');
					if (data.error) return data.error;
					next = byKey ? { ...card.cardData, ...data.card } : data.card;
					if (card.cardTemplateId === 'StandardCard') {
						const problem = standardCardProblem(next);
						if (problem) return invalid('cardData', problem);
					}
				}
				card.cardData = next;
				card.userIdPrivateData = applyPrivateData(
					card.userIdPrivateData || {},
					privateData.userId,
					privateByKey,
				);
				card.unionIdPrivateData = applyPrivateData(
					card.unionIdPrivateData || {},
					privateData.unionId,
					privateByKey,
				);
				card.updates.push({
					at: Date.now(),
					byKey,
					cardData: hasCardData,
					privateData: [privateData.userId && 'userId', privateData.unionId && 'unionId'].filter(
						Boolean,
					),
					privateByKey,
				});
				for (const record of core.messages)
					if (record.cardBizId === card.cardBizId) record.msgParam = next;
				return new HttpReply(200, { processQueryKey: base64Id() });
			},
		},
	],
	adminRoutes: [
		{
			method: 'GET',
			path: '/__emulator/cards',
			handle: ({ core }) => new HttpReply(200, [...cards(core).values()]),
		},
		{
			// A member clicks a `request` button: DingTalk sends the card callback to the app's Stream
			// connection. Body: {cardBizId, userId, actionId, params}.
			method: 'POST',
			path: '/__emulator/cards/click',
			handle({ core, body, form }) {
				const card = cards(core).get(String(body.cardBizId));
				if (!card) return new HttpReply(404, { message: `no card ${body.cardBizId}` });
				const button = buttonsOf(card.cardData).find((b) => b.id === body.actionId);
				if (!button)
					return new HttpReply(400, { message: `the card has no button ${body.actionId}` });
				if (button.actionType !== 'request')
					return new HttpReply(400, {
						message: `button ${body.actionId} opens ${button.url.all}; it sends no callback`,
					});
				const members = card.openConversationId ? card.memberUserIds : [card.userId];
				if (!members.includes(body.userId))
					return new HttpReply(400, { message: `${body.userId} cannot see this card` });
				const app = core.apps.get(card.appKey);
				const value = JSON.stringify({
					cardPrivateData: { actionIds: [button.id], params: body.params || {} },
				});
				const data = {
					extension: '{}',
					corpId: app.corpId,
					spaceType: card.openConversationId ? 'IM_GROUP' : 'IM_ROBOT',
					spaceId: card.openConversationId || card.userId,
					userIdType: 1,
					type: 'actionCallback',
					userId: body.userId,
					content: value,
					outTrackId: card.cardBizId,
					value,
				};
				card.clicks.push({ at: Date.now(), userId: body.userId, actionId: button.id });
				const messageId = pushFrame(core, { kind: 'card', data });
				// A click on the preview page (an HTML form) goes back to the page.
				if (form)
					return new HttpReply(303, '', {
						location: `/__emulator/preview?clicked=${encodeURIComponent(button.id)}`,
					});
				return new HttpReply(200, { messageId });
			},
		},
		{
			method: 'GET',
			path: '/__emulator/preview',
			handle: ({ core, query }) =>
				new HttpReply(200, previewPage(core, query), {
					'content-type': 'text/html; charset=utf-8',
				}),
		},
	],
};
