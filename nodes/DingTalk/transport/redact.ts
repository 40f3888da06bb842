/**
 * Keeps credentials out of errors and logs, whatever a server sent back. DingTalk (or anything
 * answering in its place) may echo a request in an error: the AppSecret of a token request, the
 * access_token of an old-API call, a custom robot's sign. Every error this package throws passes
 * through scrubError() with the secrets of the credential in use; the field patterns of the
 * primitives (credentials/common/redact.ts, which the credential shares) catch token-looking
 * values the package never knew (a token the server echoes under its own name).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { knownPattern, redactDeep, redactWith } from '../../../credentials/common/redact';

export { REDACTED, redact, redactValue } from '../../../credentials/common/redact';

/** Every secret a DingTalk or custom-robot credential holds, for redaction. */
export function secretsOf(
	...credentials: Array<ICredentialDataDecryptedObject | undefined>
): string[] {
	const out: string[] = [];
	for (const data of credentials) {
		if (!data) continue;
		for (const field of [
			'clientSecret',
			'accessToken',
			'eventAesSecret',
			'eventToken',
			'secret',
			'webhookToken',
		]) {
			const value = data[field];
			if (typeof value === 'string' && value.trim()) out.push(value.trim());
		}
		// A custom robot's webhook URL: its access_token on its own.
		const webhook = typeof data.webhookToken === 'string' ? data.webhookToken : '';
		const token =
			/access_token=([^&\s#]+)/.exec(webhook)?.[1] ??
			(/^https?:/i.test(webhook.trim()) ? '' : webhook.trim().replace(/^access_token=/, ''));
		if (token) {
			out.push(token);
			try {
				out.push(decodeURIComponent(token));
			} catch {
				// Not URL-encoded: the raw form is already listed.
			}
		}
	}
	return out;
}

/**
 * Removes secrets from an error in place (message, description, messages, stack, context, the
 * server's error body, the cause) and returns it. Safe to apply twice.
 */
export function scrubError<T>(error: T, secrets: Iterable<string | undefined> = []): T {
	if (error === null || typeof error !== 'object') return error;
	const known = knownPattern(secrets);
	const target = error as unknown as Record<string, unknown>;
	const clean = (value: unknown) => redactDeep(value, known, new WeakSet(), 0);
	for (const field of ['message', 'description', 'stack']) {
		if (typeof target[field] === 'string')
			target[field] = redactWith(target[field] as string, known);
	}
	for (const field of ['messages', 'context', 'errorResponse', 'extra']) {
		if (target[field] !== undefined && target[field] !== null) target[field] = clean(target[field]);
	}
	const cause = target.cause as { name?: string; message?: string; code?: string } | undefined;
	if (cause !== undefined && cause !== null) {
		// A raw HTTP-client error carries the request (token header, query, body): keep only what says what happened.
		const summary =
			typeof cause === 'object'
				? {
						name: String(cause.name ?? 'Error'),
						message: redactWith(String(cause.message ?? ''), known),
						...(cause.code ? { code: String(cause.code) } : {}),
					}
				: clean(cause);
		Object.defineProperty(error, 'cause', {
			value: summary,
			enumerable: false,
			writable: true,
			configurable: true,
		});
	}
	return error;
}
