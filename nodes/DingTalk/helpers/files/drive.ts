/**
 * Where a Drive upload goes and as whom, checked before anything is sent: the folder (IDs or its
 * link), the operator's unionId, the part size; and what the node outputs of the stored file.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parameterError, runPerItem } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import { locatorOf, locatorText, userIdOf } from '../lookups/locators';
import { operatorUnionId as lookupOperator } from '../lookups/operator';

/**
 * File items worked on at the same time (uploads, group file sends): a file costs several calls
 * one after another (upload info, PUT, commit …), so one item at a time leaves the connection
 * idle most of the time. Each call still waits for its endpoint's pacer, and the bytes held are
 * bounded by the run's file memory budget.
 */
export const FILE_ITEMS_AT_ONCE = 6;

/**
 * runPerItem the way the file operations run their items: FILE_ITEMS_AT_ONCE at a time, and with
 * n8n's Retry On Fail an item an earlier try completed (a file stored, a file sent) is not done
 * again: it outputs what it output then.
 */
export async function runFileItems(
	run: RunContext,
	items: INodeExecutionData[],
	fn: (itemIndex: number, turn: () => Promise<void>) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await runPerItem(run.context, items, fn, {
		concurrency: FILE_ITEMS_AT_ONCE,
		ledger: run.retryLedger(),
	});
}

export type ConflictStrategy =
	| 'AUTO_RENAME'
	| 'OVERWRITE'
	| 'RETURN_DENTRY_IF_EXISTS'
	| 'RETURN_ERROR_IF_EXISTS';

/**
 * A Drive folder the user pointed at: a space ID plus a parent folder ID, or the folder link the
 * Drive shows under "copy link" (both IDs are read from it).
 */
export function parseFolder(
	spaceIdOrLink: string,
	parentId: string,
):
	| { spaceId: string; parentId: string }
	| { problem: string; fix: string; parameter?: 'Parent Folder ID' } {
	const text = spaceIdOrLink.trim();
	const parent = (parentId ?? '').trim() || '0';
	if (/^\d+$/.test(text)) {
		if (!/^\d+$/.test(parent)) {
			return {
				problem: `Parent folder ID "${parent}" is not a number`,
				fix: "Use 0 for the space's root, or the folder's numeric ID.",
				parameter: 'Parent Folder ID',
			};
		}
		return { spaceId: text, parentId: parent };
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			problem: text
				? `"${text.slice(0, 80)}" is neither a space ID nor a folder link`
				: 'No space ID given',
			fix: 'Enter the numeric space ID (空间ID), or paste the folder link from DingTalk Drive (云盘 → folder → copy link).',
		};
	}
	const param = (...names: string[]) =>
		names.map((n) => url.searchParams.get(n)).find((v) => v && /^\d+$/.test(v));
	const numbers = `${url.pathname}${url.hash}`.match(/\d{5,}/g) ?? [];
	const spaceId = param('spaceId', 'space_id', 'spaceid') ?? numbers[0];
	const folderId =
		param('dentryId', 'dentry_id', 'parentId', 'folderId', 'fileId', 'dirId') ??
		numbers[1] ??
		// A link to the space itself: the Parent Folder given next to it, else the root.
		(/^\d+$/.test(parent) ? parent : '0');
	if (!spaceId) {
		return {
			problem: 'The folder link contains no space ID',
			fix: 'Copy the link of a folder (not of a file or a space list), or enter the IDs directly.',
		};
	}
	return { spaceId, parentId: folderId };
}

/** The operator's unionId: converted from a userId (cached per execution), or given directly. */
export async function operatorUnionId(
	run: RunContext,
	itemIndex: number,
	id: string,
	type: string,
): Promise<string> {
	return await lookupOperator(
		run,
		itemIndex,
		id,
		type,
		'Enter the userId (用户ID) of the person the upload is done as; they need rights on the folder.',
	);
}

/** The largest part the Part Size (MB) option allows (its editor maximum). */
export const MAX_PART_SIZE_MB = 512;

/**
 * Part Size (MB) in bytes, checked before anything is sent: a value that is not a number, zero,
 * negative or above the maximum would otherwise upload nothing and fail only at the commit.
 */
export function partSizeOf(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): number {
	const raw = options.partSizeMb ?? 8;
	const megabytes = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (
		typeof megabytes !== 'number' ||
		!Number.isFinite(megabytes) ||
		megabytes < 1 ||
		megabytes > MAX_PART_SIZE_MB
	) {
		throw parameterError(
			context,
			itemIndex,
			'Part Size (MB)',
			`Part size "${String(raw)}" is not a number from 1 to ${MAX_PART_SIZE_MB}`,
			`Enter the size of each uploaded part in MB, from 1 to ${MAX_PART_SIZE_MB} (default 8), or remove the option.`,
		);
	}
	return Math.round(megabytes * 1024 * 1024);
}

/** The fields of a stored file (dentry) the node outputs. */
export function dentryOutput(dentry: IDataObject): IDataObject {
	const pick = [
		'id',
		'uuid',
		'name',
		'extension',
		'size',
		'path',
		'spaceId',
		'parentId',
		'version',
		'type',
		'createTime',
		'modifiedTime',
		'creatorId',
		'modifierId',
	];
	return Object.fromEntries(
		pick.filter((key) => dentry[key] !== undefined).map((key) => [key, dentry[key]]),
	);
}

/**
 * The folder the Space and Parent Folder locators name (list, link or ID; plain text in workflows
 * saved before they were locators): a link in either gives both IDs, as parseFolder reads them.
 */
export function driveFolderOf(
	context: IExecuteFunctions,
	itemIndex: number,
	spaceRaw: unknown,
	parentRaw: unknown,
): ReturnType<typeof parseFolder> {
	const space = locatorText(context, itemIndex, spaceRaw, 'Space ID or Folder Link');
	const parent = locatorText(context, itemIndex, parentRaw, 'Parent Folder ID');
	let parentId = parent.value || '0';
	if (/^https?:\/\//i.test(parentId)) {
		const linked = parseFolder(parentId, '0');
		if ('problem' in linked) return { ...linked, parameter: 'Parent Folder ID' };
		parentId = linked.parentId;
	}
	return parseFolder(space.value, parentId);
}

/**
 * The operator's unionId from the Operator ID locator: picked from the list or given by mobile, it
 * is a userId; in the ID mode (and in workflows saved before) Operator ID Type says which ID it is.
 */
export async function operatorFromLocator(
	run: RunContext,
	itemIndex: number,
	raw: unknown,
	type: string,
): Promise<string> {
	const { mode } = locatorOf(raw);
	const id = await userIdOf(run.context, run, itemIndex, raw, 'Operator ID');
	return await operatorUnionId(run, itemIndex, id, mode === 'id' ? type : 'userId');
}
