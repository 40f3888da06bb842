/**
 * One run's use of the DingTalk API credential. The router creates one per node execution (a
 * trigger one per activation) and hands it down: the credential is read once, at most one token
 * renewal is in flight, a failed token request is not repeated for every item, and each endpoint
 * has one pacer. Nothing here outlives the run; the one process-wide share is in token.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
	NodeApiError,
} from 'n8n-workflow';

import { Pacer } from './pacer';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { RetryPolicy } from './types';

export const CREDENTIAL_TYPE = 'dingTalkApi';

export type DingTalkContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ITriggerFunctions;

export interface ApiSessionOptions {
	/** Shorter backoffs and timeouts for tests and benchmarks; DingTalk-friendly defaults otherwise. */
	retryPolicy?: Partial<RetryPolicy>;
}

/** The credential as this run knows it. */
export interface CredentialState {
	data: Promise<ICredentialDataDecryptedObject>;
	/** Set while a renewal is in flight; resolves to the credential carrying the new token. */
	refreshing?: Promise<ICredentialDataDecryptedObject>;
	/** preAuthentication's error (wrong secret …), reused instead of asking DingTalk again. */
	authFailure?: NodeApiError;
	/** When the credential was read: a token this process fetched later is newer than what it holds. */
	readAt: number;
	/** Tokens DingTalk accepted during this run: a later refusal of one means it was revoked. */
	accepted: Set<string>;
}

export class ApiSession {
	readonly policy: RetryPolicy;

	private readonly pacers = new Map<string, Pacer>();

	private credentialState?: CredentialState;

	constructor(
		readonly context: DingTalkContext,
		options: ApiSessionOptions = {},
	) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
	}

	/** Read on first use: a run of the custom robot resource has no DingTalk API credential. */
	get state(): CredentialState {
		this.credentialState ??= {
			data: this.context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
			readAt: Date.now(),
			accepted: new Set(),
		};
		return this.credentialState;
	}

	/** The credential's decrypted data, read once per run (with the token renewed during it). */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		return await this.state.data;
	}

	/** The pacer of one endpoint for this run. */
	pacerFor(family: string, method: string, path: string): Pacer {
		const key = `${family} ${method} ${path.split('?')[0]}`;
		let pacer = this.pacers.get(key);
		if (!pacer) {
			pacer = new Pacer();
			this.pacers.set(key, pacer);
		}
		return pacer;
	}
}

/** The credential's id and name as the node holds them, for n8n's request helper. */
export function credentialRef(context: DingTalkContext): { id: string; name: string } {
	const ref = context.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: ref?.id ?? '', name: ref?.name ?? '' };
}

/** Robot code for robot APIs: an explicit override, the credential's Robot Code, or the Client ID. */
export function robotCodeOf(
	credentials: ICredentialDataDecryptedObject,
	override?: string,
): string {
	const explicit = (override ?? '').trim() || String(credentials.robotCode ?? '').trim();
	return explicit || String(credentials.clientId ?? '').trim();
}
