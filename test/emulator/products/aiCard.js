'use strict';
// The card platform's template cards and AI cards (卡片平台, official SDK card_1_0; dingtalk-api.md
// §11.2): create and deliver a card instance, update its data, stream text into one of its
// variables ("typewriter" AI cards).
// - POST /v1.0/card/instances  {cardTemplateId, outTrackId, cardData{cardParamMap}, im*OpenSpaceModel,
//   topOpenSpaceModel, userIdType, callbackType, privateData} → {success, result: "<outTrackId>"}
//   (https://open.dingtalk.com/document/orgapp/interface-for-creating-a-card-instance); the instance
//   shows in no conversation until it is delivered.
// - POST /v1.0/card/instances/deliver  {outTrackId, openSpaceId "dtv1.card//IM_GROUP.<cid>;IM_ROBOT.
//   <userId>", im*OpenDeliverModel, userIdType} → {success, result[{spaceType, spaceId, success,
//   carrierId, errorMsg}]} (https://open.dingtalk.com/document/orgapp/delivery-card-interface)
// - POST /v1.0/card/instances/createAndDeliver  both bodies in one → {success, result{outTrackId,
//   deliverResults[]}} (https://open.dingtalk.com/document/orgapp/create-and-deliver-cards); the three
//   share checkCreate / createInstance and checkDeliver / deliverInstance.
// - PUT /v1.0/card/instances  {outTrackId, cardData{cardParamMap}, cardUpdateOptions{updateCardDataByKey}}
//   → {success, result: true} (https://open.dingtalk.com/document/orgapp/interactive-card-update-interface)
// - PUT /v1.0/card/streaming  {outTrackId, guid, key, content, isFull, isFinalize, isError}
//   → {success, result: true} (https://open.dingtalk.com/document/orgapp/api-streamingupdate)
// The public AI-card template (PUBLIC_AI_CARD_TEMPLATE) shows `flowStatus` 1 processing (thinking),
// 2 inputting (streaming), 3 finished, 5 failed, and streams `msgContent`.
// Admin: GET /__emulator/aiCards lists the instances with their streaming history; the preview
// page (products/card.js) renders them with renderAiCard.
const { HttpReply, newApiError } = require('../core');
const { findRobotGroup } = require('./robot');

/** DingTalk's public AI-card template (the official Stream SDK's AIMarkdownCardInstance uses it). */
const PUBLIC_AI_CARD_TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';
/** [INF] outTrackId: DingTalk's docs give no length; 64 characters (dingtalk-api.md §11.2) is enforced. */
const OUT_TRACK_ID_MAX = 64;
/** [INF] cardParamMap size is undocumented; the robot card's 15 000-byte cardData limit is reused per value. */
const PARAM_VALUE_MAX_BYTES = 15000;
const FLOW = { 1: 'thinking', 2: 'streaming', 3: 'finished', 4: 'executing', 5: 'failed' };

function aiCards(core) {
	if (!core.aiCards) core.aiCards = new Map();
	return core.aiCards;
}

const invalid = (field, message) => newApiError(400, `invalidParameter.${field}.invalid`, message);
const missing = (field) => newApiError(400, `MissingParameter.${field}`, `${field}不能为空`);
const ok = (result) => new HttpReply(200, { success: true, result });

/** cardData{cardParamMap: {string: string}}: {error} or {map}. */
function readParamMap(cardData, required) {
	if (cardData === undefined || cardData === null)
		return required ? { error: missing('cardData') } : { map: undefined };
	if (typeof cardData !== 'object' || Array.isArray(cardData))
		return { error: invalid('cardData', 'cardData必须是对象') };
	const map = cardData.cardParamMap;
	if (map === undefined || map === null) return { map: {} };
	if (typeof map !== 'object' || Array.isArray(map))
		return { error: invalid('cardParamMap', 'cardParamMap必须是对象') };
	for (const [key, value] of Object.entries(map)) {
		// DingTalk's cardParamMap is Map<String, String>: every value a string (objects as JSON text).
		if (typeof value !== 'string')
			return { error: invalid('cardParamMap', `cardParamMap.${key}必须是字符串`) };
		if (Buffer.byteLength(value, 'utf8') > PARAM_VALUE_MAX_BYTES)
			return {
				error: invalid('cardParamMap', `cardParamMap.${key}超过${PARAM_VALUE_MAX_BYTES}字节`),
			};
	}
	return { map: { ...map } };
}

/** openSpaceId "dtv1.card//IM_GROUP.<cid>;IM_ROBOT.<userId>": {error} or {spaces:[{spaceType, spaceId}]}. */
function readSpaces(value) {
	if (typeof value !== 'string' || !value) return { error: missing('openSpaceId') };
	if (!value.startsWith('dtv1.card//'))
		return { error: invalid('openSpaceId', 'openSpaceId必须以dtv1.card//开头') };
	const spaces = [];
	for (const part of value.slice('dtv1.card//'.length).split(';').filter(Boolean)) {
		const dot = part.indexOf('.');
		const spaceType = dot > 0 ? part.slice(0, dot).toUpperCase() : '';
		const spaceId = dot > 0 ? part.slice(dot + 1) : '';
		if (
			!['IM_GROUP', 'IM_ROBOT', 'IM_SINGLE', 'ONE_BOX', 'CO_FEED', 'DOC'].includes(spaceType) ||
			!spaceId
		)
			return { error: invalid('openSpaceId', `openSpaceId无效: ${part}`) };
		spaces.push({ spaceType, spaceId });
	}
	if (!spaces.length) return { error: invalid('openSpaceId', 'openSpaceId没有场域') };
	return { spaces };
}

/** Delivers into one space: a deliverResults entry (DingTalk reports each space on its own). */
function deliver(core, app, body, space) {
	const result = { spaceType: space.spaceType, spaceId: space.spaceId, success: false };
	if (space.spaceType === 'IM_GROUP') {
		const robotCode = body.imGroupOpenDeliverModel && body.imGroupOpenDeliverModel.robotCode;
		if (!robotCode) return { ...result, errorMsg: 'imGroupOpenDeliverModel.robotCode不能为空' };
		const found = findRobotGroup(core, space.spaceId, robotCode);
		if (found.error) return { ...result, errorMsg: found.error.body.message };
		return {
			...result,
			success: true,
			carrierId: `carrier-${space.spaceId}`,
			memberUserIds: [...found.group.memberUserIds],
		};
	}
	if (space.spaceType === 'IM_ROBOT') {
		const user =
			core.users.get(space.spaceId) ||
			[...core.users.values()].find((u) => u.unionId === space.spaceId);
		if (!user) return { ...result, errorMsg: `用户不存在: ${space.spaceId}` };
		return { ...result, success: true, carrierId: `carrier-${user.userId}`, userId: user.userId };
	}
	return { ...result, errorMsg: `emulator: space type ${space.spaceType} is not emulated` };
}

/** What the card shows now: thinking, streaming, finished or failed (static: no AI flow at all). */
function stateOf(card) {
	const flow = FLOW[card.cardParamMap.flowStatus];
	const streams = Object.values(card.streams);
	if (flow === 'failed' || streams.some((s) => s.error)) return 'failed';
	if (flow === 'finished') return 'finished';
	// isFinalize ends the typewriter: the card shows its final text (完成).
	if (streams.length && streams.every((s) => s.finalized)) return 'finished';
	if (streams.length || flow === 'streaming') return 'streaming';
	return flow || 'static';
}

/** The variable's visible text: the streamed content, else the card data's value. */
function textOf(card, key) {
	const stream = card.streams[key];
	return stream ? stream.content : (card.cardParamMap[key] ?? '');
}

/** The open-space models a create call gives (how the card looks in each kind of space). */
const OPEN_SPACE_MODELS = [
	'imGroupOpenSpaceModel',
	'imRobotOpenSpaceModel',
	'imSingleOpenSpaceModel',
	'coFeedOpenSpaceModel',
	'topOpenSpaceModel',
];

function openSpaceModelsOf(body) {
	const models = {};
	for (const name of OPEN_SPACE_MODELS) if (body[name]) models[name] = body[name];
	return models;
}

function checkUserIdType(body) {
	if (body.userIdType !== undefined && ![1, 2].includes(body.userIdType))
		return invalid('userIdType', 'userIdType只能是1(userId)或2(unionId)');
	return undefined;
}

/** What creating an instance needs (createCard, createAndDeliver): {error} or {map}. */
function checkCreate(core, body) {
	const problem = requireBody(body, ['cardTemplateId', 'outTrackId']);
	if (problem) return { error: problem };
	if (body.outTrackId.length > OUT_TRACK_ID_MAX)
		return { error: invalid('outTrackId', `outTrackId长度不能超过${OUT_TRACK_ID_MAX}`) };
	// [INF] An outTrackId names one instance; creating it twice is refused.
	if (aiCards(core).has(body.outTrackId))
		return {
			error: newApiError(
				400,
				'invalidParameter.outTrackId.duplicate',
				`outTrackId已存在: ${body.outTrackId}`,
			),
		};
	const data = readParamMap(body.cardData, true);
	if (data.error) return data;
	const userIdType = checkUserIdType(body);
	if (userIdType) return { error: userIdType };
	if (body.callbackType !== undefined && !['STREAM', 'HTTP'].includes(body.callbackType))
		return { error: invalid('callbackType', 'callbackType只能是STREAM或HTTP') };
	return { map: data.map };
}

/**
 * What delivering needs (deliverCard, createAndDeliver): {error} or {spaces}. `models` are the
 * instance's open-space models, given when it was created.
 */
function checkDeliver(body, models) {
	const read = readSpaces(body.openSpaceId);
	if (read.error) return read;
	const userIdType = checkUserIdType(body);
	if (userIdType) return { error: userIdType };
	for (const { spaceType } of read.spaces) {
		// Each space needs its open-space model (how the card looks there); a robot 1:1 also
		// its deliver model with spaceType IM_ROBOT, a group its deliver model with robotCode.
		// [INF] A deliver into a kind of space the instance was created without a model for is
		// refused naming the create call's missing model.
		if (spaceType === 'IM_GROUP' && !models.imGroupOpenSpaceModel)
			return { error: missing('imGroupOpenSpaceModel') };
		if (spaceType === 'IM_GROUP' && !body.imGroupOpenDeliverModel)
			return { error: missing('imGroupOpenDeliverModel') };
		if (spaceType === 'IM_ROBOT' && !models.imRobotOpenSpaceModel)
			return { error: missing('imRobotOpenSpaceModel') };
		if (
			spaceType === 'IM_ROBOT' &&
			!(body.imRobotOpenDeliverModel && body.imRobotOpenDeliverModel.spaceType)
		)
			return { error: missing('imRobotOpenDeliverModel.spaceType') };
	}
	return { spaces: read.spaces };
}

/** A new instance, in no conversation until it is delivered. */
function createInstance(core, app, body, map) {
	const now = Date.now();
	const card = {
		outTrackId: body.outTrackId,
		appKey: app.appKey,
		cardTemplateId: body.cardTemplateId,
		cardParamMap: map,
		openSpaceModels: openSpaceModelsOf(body),
		openSpaceId: null, // the last deliver call's
		atUserIds: null,
		spaces: [], // where it shows: {spaceType, spaceId, userId, memberUserIds}
		createdAt: now,
		flowHistory: map.flowStatus ? [{ at: now, flowStatus: map.flowStatus }] : [],
		updates: [],
		streams: {}, // key → {content, finalized, error, guids}
		streamingUpdates: [], // every accepted PUT /v1.0/card/streaming, in order
	};
	aiCards(core).set(card.outTrackId, card);
	return card;
}

/** Delivers an instance into spaces: the deliver results, one per space, as DingTalk answers them. */
function deliverInstance(core, app, card, body, spaces) {
	const now = Date.now();
	const results = spaces.map((space) => deliver(core, app, body, space));
	const groupModel = body.imGroupOpenDeliverModel || {};
	card.openSpaceId = body.openSpaceId;
	if (groupModel.atUserIds) card.atUserIds = groupModel.atUserIds;
	for (const { success, spaceType, spaceId, userId, memberUserIds } of results) {
		// [INF] A second delivery into a space that shows the card already adds no second card.
		if (!success || card.spaces.some((s) => s.spaceType === spaceType && s.spaceId === spaceId))
			continue;
		card.spaces.push({ spaceType, spaceId, userId, memberUserIds });
		core.messages.push({
			channel: 'aiCard',
			outTrackId: card.outTrackId,
			processQueryKey: `aicard:${card.outTrackId}`,
			robotCode: app.robotCode,
			openConversationId: spaceType === 'IM_GROUP' ? spaceId : null,
			userId: userId || null,
			atUserIds: spaceType === 'IM_GROUP' ? Object.keys(groupModel.atUserIds || {}) : [],
			msgKey: card.cardTemplateId,
			msgParam: card.cardParamMap,
			at: now,
		});
	}
	return results.map(({ spaceType, spaceId, success, carrierId, errorMsg }) => ({
		spaceType,
		spaceId,
		success,
		...(carrierId ? { carrierId } : {}),
		...(errorMsg ? { errorMsg } : {}),
	}));
}

const state = {
	reset(core) {
		core.aiCards = new Map(); // outTrackId → card instance
	},
	snapshot: (core) => ({
		aiCards: [...aiCards(core).values()].map((card) => ({ ...card, state: stateOf(card) })),
	}),
};

function requireBody(body, fields) {
	if (!body || typeof body !== 'object')
		return newApiError(400, 'MissingBody', 'body is mandatory');
	for (const field of fields)
		if (typeof body[field] !== 'string' || !body[field]) return missing(field);
	return undefined;
}

function findCard(core, app, outTrackId) {
	const card = aiCards(core).get(outTrackId);
	if (!card || card.appKey !== app.appKey)
		return {
			error: newApiError(
				400,
				'invalidParameter.outTrackId.notExist',
				`卡片实例不存在: ${outTrackId}`,
			),
		};
	return { card };
}

module.exports = {
	state,
	PUBLIC_AI_CARD_TEMPLATE,
	stateOf,
	textOf,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/card/instances',
			scope: 'Card.Instance.Write',
			handle({ core, app, body }) {
				const checked = checkCreate(core, body);
				if (checked.error) return checked.error;
				// [INF] result: the SDK types it as a string; the emulator answers the instance's outTrackId.
				return ok(createInstance(core, app, body, checked.map).outTrackId);
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/card/instances/deliver',
			scope: 'Card.Instance.Write',
			handle({ core, app, body }) {
				const problem = requireBody(body, ['outTrackId', 'openSpaceId']);
				if (problem) return problem;
				const found = findCard(core, app, body.outTrackId);
				if (found.error) return found.error;
				const checked = checkDeliver(body, found.card.openSpaceModels);
				if (checked.error) return checked.error;
				return ok(deliverInstance(core, app, found.card, body, checked.spaces));
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/card/instances/createAndDeliver',
			scope: 'Card.Instance.Write',
			handle({ core, app, body }) {
				// Both calls' checks first: a refused createAndDeliver leaves no instance behind.
				const created = checkCreate(core, body);
				if (created.error) return created.error;
				const delivery = checkDeliver(body, openSpaceModelsOf(body));
				if (delivery.error) return delivery.error;
				const card = createInstance(core, app, body, created.map);
				return ok({
					outTrackId: card.outTrackId,
					deliverResults: deliverInstance(core, app, card, body, delivery.spaces),
				});
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: '/v1.0/card/instances',
			scope: 'Card.Instance.Write',
			handle({ core, app, body }) {
				const problem = requireBody(body, ['outTrackId']);
				if (problem) return problem;
				const found = findCard(core, app, body.outTrackId);
				if (found.error) return found.error;
				const data = readParamMap(body.cardData, false);
				if (data.error) return data.error;
				if (!data.map && !body.privateData) return missing('cardData');
				const options = body.cardUpdateOptions || {};
				const card = found.card;
				const byKey = Boolean(options.updateCardDataByKey);
				if (data.map) card.cardParamMap = byKey ? { ...card.cardParamMap, ...data.map } : data.map;
				// A finishing update that writes a streamed variable makes that value the visible text.
				for (const key of Object.keys(data.map || {}))
					if (card.streams[key]) card.streams[key].content = card.cardParamMap[key];
				const now = Date.now();
				if (data.map && data.map.flowStatus)
					card.flowHistory.push({ at: now, flowStatus: data.map.flowStatus });
				card.updates.push({ at: now, byKey, keys: Object.keys(data.map || {}) });
				for (const record of core.messages)
					if (record.outTrackId === card.outTrackId) record.msgParam = card.cardParamMap;
				return ok(true);
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: '/v1.0/card/streaming',
			scope: 'Card.Streaming.Write',
			handle({ core, app, body }) {
				const problem = requireBody(body, ['outTrackId', 'guid', 'key']);
				if (problem) return problem;
				if (typeof body.content !== 'string') return missing('content');
				for (const flag of ['isFull', 'isFinalize', 'isError'])
					if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
						return invalid(flag, `${flag}必须是布尔值`);
				const found = findCard(core, app, body.outTrackId);
				if (found.error) return found.error;
				const card = found.card;
				const stream =
					card.streams[body.key] ||
					(card.streams[body.key] = { content: '', finalized: false, error: false, guids: [] });
				const now = Date.now();
				// [INF] guid identifies one update: the same guid again (a retry) changes nothing.
				if (stream.guids.includes(body.guid)) {
					card.streamingUpdates.push({ at: now, key: body.key, guid: body.guid, repeated: true });
					return ok(true);
				}
				stream.guids.push(body.guid);
				// [INF] An update after isFinalize is accepted by DingTalk's API; the emulator records it
				// (lateAfterFinalize) so tests can prove the node never sends one.
				const late = stream.finalized;
				stream.content = body.isFull ? body.content : stream.content + body.content;
				if (body.isFinalize) stream.finalized = true;
				if (body.isError) stream.error = true;
				card.streamingUpdates.push({
					at: now,
					key: body.key,
					guid: body.guid,
					isFull: body.isFull === true,
					isFinalize: body.isFinalize === true,
					isError: body.isError === true,
					chars: [...body.content].length,
					length: [...stream.content].length,
					...(late ? { lateAfterFinalize: true } : {}),
				});
				return ok(true);
			},
		},
	],
	adminRoutes: [
		{
			method: 'GET',
			path: '/__emulator/aiCards',
			handle: ({ core }) =>
				new HttpReply(
					200,
					[...aiCards(core).values()].map((card) => ({
						...card,
						state: stateOf(card),
						text: textOf(card, 'msgContent'),
					})),
				),
		},
	],
};
