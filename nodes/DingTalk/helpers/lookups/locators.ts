/**
 * Values of the node's resource locators (list / mobile / URL / ID) as the operations read them.
 * A workflow saved before a parameter became a locator holds plain text (or an expression giving
 * text) instead of `{ __rl, mode, value }`: that is read as the ID mode, so it keeps working.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parameterError } from '../execution/items';
import type { Lookups } from './lookups';
import { userIdByMobile } from './users';

export interface Locator {
	mode: string;
	value: unknown;
}

/** The mode and value of a locator parameter; plain values (older workflows) are the ID mode. */
export function locatorOf(raw: unknown): Locator {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'mode' in raw && 'value' in raw) {
		const { mode, value } = raw as { mode: unknown; value: unknown };
		return { mode: String(mode), value };
	}
	return { mode: 'id', value: raw };
}

/** A locator's value as text: numbers become text, a list or an object is a parameter error. */
export function locatorText(
	context: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	parameter: string,
): Locator & { value: string } {
	const { mode, value } = locatorOf(raw);
	if (value === undefined || value === null) return { mode, value: '' };
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
		return { mode, value: String(value).trim() };
	throw parameterError(
		context,
		itemIndex,
		parameter,
		`Expected one ID but got ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
		'Pick one entry from the list, or map a field that holds one ID, e.g. {{ $json.userId }}.',
	);
}

/** Mobile numbers as people write them: spaces, dashes and +86 removed. */
export function normalizeMobile(mobile: string): string {
	return mobile.replace(/[\s-]/g, '').replace(/^\+86/, '');
}

/**
 * The userId a user locator names: the picked or typed userId, or the user a mobile number
 * belongs to (looked up once per run). Empty when nothing is given: the caller decides.
 */
export async function userIdOf(
	context: IExecuteFunctions,
	run: Lookups,
	itemIndex: number,
	raw: unknown,
	parameter: string,
): Promise<string> {
	const { mode, value } = locatorText(context, itemIndex, raw, parameter);
	if (mode !== 'mobile' || !value) return value;
	const mobile = normalizeMobile(value);
	if (!/^\+?\d{5,20}$/.test(mobile))
		throw parameterError(
			context,
			itemIndex,
			parameter,
			`"${value}" is not a phone number`,
			'Enter digits only, e.g. 13800000000.',
		);
	try {
		const found = await userIdByMobile(run, itemIndex, mobile);
		return String(found.userid ?? '');
	} catch (error) {
		// 60121 / 40104: nobody in the organisation has this number (https://open.dingtalk.com/document/orgapp/query-users-by-phone-number).
		const code = String(
			((error as NodeApiError).context?.dingTalk as IDataObject | undefined)?.code ?? '',
		);
		if (code === '60121' || code === '40104')
			throw parameterError(
				context,
				itemIndex,
				parameter,
				`DingTalk has no member with mobile ${mobile}`,
				'Check the number, or pick the user from the list.',
			);
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/** The user locators of a "Users" picker collection ({ users: [{ user }] }), in order. */
export function pickedUsers(raw: unknown): unknown[] {
	const entries = (raw as { users?: Array<{ user?: unknown }> } | undefined)?.users;
	return Array.isArray(entries) ? entries.map((entry) => entry?.user) : [];
}

/** A user parameter's userId (picked, by mobile, or typed); a parameter error when empty. */
export async function requiredUserId(
	context: IExecuteFunctions,
	run: Lookups,
	itemIndex: number,
	name: string,
	displayName: string,
	fix = 'Pick the member, or enter their userId (用户ID) or map one from an earlier node.',
): Promise<string> {
	const userId = await userIdOf(
		context,
		run,
		itemIndex,
		context.getNodeParameter(name, itemIndex, ''),
		displayName,
	);
	if (!userId)
		throw parameterError(context, itemIndex, displayName, `No ${displayName} given`, fix);
	return userId;
}
