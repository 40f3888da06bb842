'use strict';
// The File operations' node parameters against what the emulator seeds (Drive space 1000001,
// operator user0001, the group cidEmuGroup+One/AAA==), shared by the engine, fault and bench
// tiers; `extra` overrides or adds parameters. Plain JS so bench/ can load it without a build.

const GROUP = 'cidEmuGroup+One/AAA==';

/** File → Upload to Drive, into the root of space 1000001 as user0001, from the `data` binary. */
const uploadToDrive = (extra = {}) => ({
	resource: 'file',
	operation: 'uploadToDrive',
	spaceId: '1000001',
	parentId: '0',
	operatorId: 'user0001',
	operatorIdType: 'userId',
	binaryPropertyName: 'data',
	...extra,
});

/** File → Send to Group as the operator user0001, from the `data` binary. */
const fileToGroup = (extra = {}) => ({
	resource: 'file',
	operation: 'sendToGroup',
	conversationId: GROUP,
	sendAs: 'user',
	operatorId: 'user0001',
	operatorIdType: 'userId',
	source: 'binary',
	binaryPropertyName: 'data',
	...extra,
});

module.exports = { GROUP, uploadToDrive, fileToGroup };
