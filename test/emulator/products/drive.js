'use strict';
// Drive (钉盘, drive_1_0): the list of spaces an operator sees. The spaces are enterprise
// storage's (storage.js): [INF] DingTalk's drive_1_0 and storage_1_0 share space ids; storage_1_0
// has no list of spaces, so the node lists them here and works in them through storage_1_0.
const { HttpReply, newApiError } = require('../core');
const { checkOperator, isBlank, missing, spaceMembers } = require('./storage');

/** [INF] ListSpaces' maxResults maximum is not documented; the emulator takes up to 50. */
const SPACES_MAX_RESULTS = 50;

module.exports = {
	SPACES_MAX_RESULTS,
	routes: [
		{
			// 获取空间列表 (drive_1_0 ListSpaces, https://open.dingtalk.com/document/orgapp/queries-a-space-list):
			// unionId, spaceType (org | personal) and maxResults required (SDK); nextToken opaque.
			host: 'api',
			method: 'GET',
			path: '/v1.0/drive/spaces',
			scope: 'Drive.Space.Read',
			handle({ core, query }) {
				for (const field of ['unionId', 'spaceType', 'maxResults'])
					if (isBlank(query.get(field))) return missing(field);
				const operator = checkOperator(core, query.get('unionId'));
				if (operator.error) return operator.error;
				const spaceType = query.get('spaceType');
				if (spaceType !== 'org' && spaceType !== 'personal')
					return newApiError(400, 'invalidParameter.spaceType', `spaceType无效: ${spaceType}`);
				const maxResults = Number(query.get('maxResults'));
				if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > SPACES_MAX_RESULTS) {
					return newApiError(
						400,
						'invalidParameter.maxResults',
						`maxResults无效 (1-${SPACES_MAX_RESULTS})`,
					);
				}
				const unionId = query.get('unionId');
				// Org spaces the operator is a member of; the emulator has no personal spaces.
				const visible =
					spaceType === 'org'
						? [...core.storage.spaces.values()].filter(
								(space) => space.ownerType === 'ORG' && spaceMembers(core, space).has(unionId),
							)
						: [];
				let start = 0;
				const token = query.get('nextToken');
				if (token) {
					const decoded = /^spaces:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
					if (!decoded)
						return newApiError(400, 'invalidParameter.nextToken', `nextToken无效: ${token}`);
					start = Number(decoded[1]);
				}
				const page = visible.slice(start, start + maxResults);
				const next = start + maxResults;
				return new HttpReply(200, {
					spaces: page.map((space) => ({
						spaceId: space.spaceId,
						spaceName: space.name,
						spaceType: 'org',
						quota: 0,
						usedQuota: 0,
						permissionMode: 'acl',
						createTime: space.createTime || new Date(0).toISOString(),
						modifyTime: space.modifiedTime || new Date(0).toISOString(),
					})),
					...(next < visible.length
						? { nextToken: Buffer.from(`spaces:${next}`).toString('base64') }
						: {}),
				});
			},
		},
	],
};
