/**
 * What one run of the DingTalk node shares, in one object the router creates and hands to the
 * operation (as Discord's router hands its operations the guild): the API credential's session
 * (credential read, token renewal, pacers, retry policy), the custom robot's, the lookups made
 * once per run, the fast parameter reader and the Retry On Fail ledger. Nothing per run is kept
 * at module level; what outlives a run says so where it lives (transport/token.ts, engine.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryPolicy } from '../../transport';
import { ApiSession, CustomRobotSession } from '../../transport';
import { ByteBudget } from '../batching/budget';
import type { UploadedMedia } from '../messages/media';
import type { ParameterReader } from './engine';
import {
	retryOnFailLedger,
	shortcutMapperValues,
	shortcutParameterReader,
	transformNodeParameters,
} from './engine';
import { asText, textParameterNames } from './parameters';

/** Options for tests and benchmarks; a real run uses none. */
export interface RunOptions {
	/** Shorter backoffs and timeouts. */
	retryPolicy?: Partial<RetryPolicy>;
	/** A shorter custom robot rate window (DingTalk's is one minute), to match the emulator's. */
	customRobotWindowMs?: number;
}

/** See RunContext.fileMemory. */
export const FILE_MEMORY_BYTES = 64 * 1024 * 1024;

export class RunContext {
	readonly api: ApiSession;

	readonly robot: CustomRobotSession;

	/** User lookups by `user:<userId>` / `mobile:<mobile>`: one call per user however many items need it. */
	readonly users = new Map<string, Promise<IDataObject>>();

	/** chatId → openConversationId conversions. */
	readonly conversations = new Map<string, Promise<string>>();

	/** AI Table sheets' fields by base and sheet (helpers/notable/fields.ts): one call per sheet. */
	readonly sheetFields = new Map<string, Promise<unknown>>();

	/** Media uploads by content hash and type. */
	readonly media = new Map<string, Promise<UploadedMedia>>();

	/**
	 * File bytes the items uploading side by side may hold at once (whole small files, part
	 * buffers of large ones): a large file never multiplies by the number of items in flight.
	 */
	readonly fileMemory = new ByteBudget(FILE_MEMORY_BYTES);

	private reader?: ParameterReader;

	private readonly mappers = new Map<string, (itemIndex: number) => IDataObject>();

	private constructor(
		readonly context: IExecuteFunctions,
		/** Top-level text parameters of this run's operation → display name. */
		private readonly textParameters: Map<string, string>,
		options: RunOptions,
	) {
		this.api = new ApiSession(context, { retryPolicy: options.retryPolicy });
		this.robot = new CustomRobotSession(context, { windowMs: options.customRobotWindowMs });
	}

	/**
	 * The context of one run of `resource`/`operation`. Makes every text parameter the operation
	 * reads text: numbers and booleans as their text, objects and arrays refused with a parameter
	 * error: the one place where mapped values meet the operations, so none guards its own .trim().
	 */
	static create(
		context: IExecuteFunctions,
		properties: INodeProperties[],
		resource: string,
		operation: string,
		options: RunOptions = {},
	): RunContext {
		const names = textParameterNames(properties, resource, operation);
		transformNodeParameters(context, (name, itemIndex, value) =>
			asText(context, names, name, itemIndex, value),
		);
		return new RunContext(context, names, options);
	}

	/** getNodeParameter, faster for parameters that are constant or a bare `{{ $json.field }}`. */
	get read(): ParameterReader {
		this.reader ??= shortcutParameterReader(this.context, (name, itemIndex, value) =>
			asText(this.context, this.textParameters, name, itemIndex, value),
		);
		return this.reader;
	}

	/** The values resource mapper `name` maps for an item (engine.ts: shortcutMapperValues). */
	mapperValues(name: string, itemIndex: number): IDataObject {
		let read = this.mappers.get(name);
		if (!read) {
			read = shortcutMapperValues(this.context, name);
			this.mappers.set(name, read);
		}
		return read(itemIndex);
	}

	/** What earlier tries of this node run (Retry On Fail) delivered, by job key. */
	retryLedger<T>(): Map<string, T> {
		return retryOnFailLedger<T>(this.context);
	}
}
