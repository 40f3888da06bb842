import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RunContext, type RunOptions } from '../helpers/execution/runContext';
import * as aiTable from './aiTable';
import * as aiCard from './aiCard';
import * as api from './api';
import * as approval from './approval';
import * as calendar from './calendar';
import * as card from './card';
import * as conversation from './conversation';
import * as customRobot from './customRobot';
import * as file from './file';
import * as message from './message';
import type { OperationOf, Resource } from './node.type';
import { properties } from './resources';
import * as todo from './todo';
import * as user from './user';
import * as workbook from './workbook';

/** An operation: its execute gets the node's context, the input items and the run's context. */
export interface Operation {
	execute(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		run: RunContext,
	): Promise<INodeExecutionData[]>;
}

/** Every resource's operations; the compiler checks the names against node.type.ts. */
const operations: { [R in Resource]: { [O in OperationOf<R>]: Operation } } = {
	aiTable: {
		createField: aiTable.createField,
		createRecord: aiTable.createRecord,
		createSheet: aiTable.createSheet,
		deleteField: aiTable.deleteField,
		deleteRecord: aiTable.deleteRecord,
		deleteSheet: aiTable.deleteSheet,
		getBase: aiTable.getBase,
		getManyFields: aiTable.getManyFields,
		getManyRecords: aiTable.getManyRecords,
		getManySheets: aiTable.getManySheets,
		getRecord: aiTable.getRecord,
		getSheet: aiTable.getSheet,
		updateField: aiTable.updateField,
		updateRecord: aiTable.updateRecord,
		updateSheet: aiTable.updateSheet,
		upsertRecord: aiTable.upsertRecord,
	},
	aiCard: {
		create: aiCard.create,
		fail: aiCard.fail,
		finish: aiCard.finish,
		stream: aiCard.stream,
		update: aiCard.update,
	},
	api: { request: api.request },
	approval: {
		approve: approval.approve,
		comment: approval.comment,
		downloadAttachment: approval.downloadAttachment,
		get: approval.get,
		getAll: approval.getAll,
		getTemplates: approval.getTemplates,
		reject: approval.reject,
		start: approval.start,
		terminate: approval.terminate,
		transfer: approval.transfer,
	},
	calendar: {
		create: calendar.create,
		delete: calendar.delete,
		get: calendar.get,
		getAll: calendar.getAll,
		getFreeBusy: calendar.getFreeBusy,
		update: calendar.update,
	},
	card: { send: card.send, update: card.update },
	conversation: { getOpenConversationId: conversation.getOpenConversationId },
	customRobot: { sendMessage: customRobot.sendMessage },
	file: {
		downloadMessageFile: file.downloadMessageFile,
		sendToGroup: file.sendToGroup,
		uploadMedia: file.uploadMedia,
		uploadToDrive: file.uploadToDrive,
	},
	message: {
		getReadStatus: message.getReadStatus,
		getWorkNotificationResult: message.getWorkNotificationResult,
		recall: message.recall,
		reply: message.reply,
		sendAndWait: message.sendAndWait,
		sendToGroup: message.sendToGroup,
		sendToUsers: message.sendToUsers,
		sendWorkNotification: message.sendWorkNotification,
	},
	todo: {
		create: todo.create,
		delete: todo.delete,
		get: todo.get,
		getAll: todo.getAll,
		markDone: todo.markDone,
		markUndone: todo.markUndone,
		update: todo.update,
	},
	user: {
		get: user.get,
		getByMobile: user.getByMobile,
		getManyInDepartment: user.getManyInDepartment,
		getSubDepartments: user.getSubDepartments,
		search: user.search,
	},
	workbook: {
		appendRows: workbook.appendRows,
		clearRange: workbook.clearRange,
		createSheet: workbook.createSheet,
		deleteSheet: workbook.deleteSheet,
		getManySheets: workbook.getManySheets,
		readRows: workbook.readRows,
		updateRange: workbook.updateRange,
	},
};

/**
 * Runs the chosen operation with the run's context (credential sessions, lookups, parameter
 * reader, Retry On Fail ledger). `options` are for tests and benchmarks (shorter backoffs, a
 * shorter custom robot window); the node passes none.
 */
export async function router(
	this: IExecuteFunctions,
	options: RunOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as Resource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = (operations[resource] as Record<string, Operation | undefined> | undefined)?.[
		operation
	];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
			{
				description:
					'Pick an operation from the list; this one may come from a newer version of the package.',
			},
		);
	}
	const run = RunContext.create(this, properties, resource, operation, options);
	return [await handler.execute.call(this, items, run)];
}
