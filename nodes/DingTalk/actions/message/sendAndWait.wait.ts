/**
 * How long Send and Wait waits (n8n's options.limitWaitTime: after an interval, or until a date)
 * and what the node outputs when the time runs out without an answer.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';

import { setWaitTimeoutOutput } from '../../helpers/execution/engine';

const UNITS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
/** The longest Limit Wait Time: 100 years, far inside what a date can hold (longer ones gave "Invalid time value"). */
export const MAX_WAIT_DAYS = 36_500;
const MAX_WAIT_MS = MAX_WAIT_DAYS * UNITS.days;

function limitError(context: IExecuteFunctions, what: string, fix: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Limit Wait Time ${what} [item 0]`, {
		itemIndex: 0,
		description: fix,
	});
}

/**
 * When the wait ends without an answer: the Limit Wait Time option (n8n's `values` shape:
 * limitType, resumeAmount + resumeUnit, or maxDateAndTime), or never.
 */
export function waitUntil(context: IExecuteFunctions, limit: IDataObject | undefined): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	if (limit.limitType === 'atSpecifiedTime') {
		const until = new Date(String(limit.maxDateAndTime ?? ''));
		if (!limit.maxDateAndTime || Number.isNaN(until.getTime()))
			throw limitError(
				context,
				`"${String(limit.maxDateAndTime ?? '')}" is not a date`,
				'Enter a date and time (ISO 8601, e.g. 2026-12-24T18:00:00+08:00), or remove the option to wait until someone answers.',
			);
		if (until.getTime() - Date.now() > MAX_WAIT_MS)
			throw limitError(
				context,
				`"${String(limit.maxDateAndTime)}" is more than ${MAX_WAIT_DAYS} days away`,
				`Enter a date within ${MAX_WAIT_DAYS} days, or remove the option.`,
			);
		return until;
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNITS[String(limit.resumeUnit ?? 'hours')];
	const shown = `"${String(limit.resumeAmount)} ${String(limit.resumeUnit)}"`;
	if (!Number.isFinite(amount) || amount <= 0 || !unit) {
		throw limitError(
			context,
			`${shown} is not a positive duration`,
			'Enter a number above 0 and a unit (minutes, hours or days), or remove the option to wait until someone answers.',
		);
	}
	if (amount * unit > MAX_WAIT_MS) {
		throw limitError(
			context,
			`${shown} is longer than the allowed ${MAX_WAIT_DAYS} days`,
			`Enter at most ${MAX_WAIT_DAYS} days (${MAX_WAIT_DAYS * 24} hours), or remove the option to wait until someone answers.`,
		);
	}
	return new Date(Date.now() + amount * unit);
}

/**
 * What the node outputs when the time limit passes without an answer (see engine.ts for how it
 * gets there).
 */
export function setTimeoutOutput(context: IExecuteFunctions, waitTill: Date): void {
	if (waitTill.getTime() === WAIT_INDEFINITELY.getTime()) return;
	setWaitTimeoutOutput(context, {
		json: {
			data: {
				approved: false,
				decision: 'timeout',
				timedOut: true,
				text: null,
				responder: null,
				respondedBy: null,
				respondedAt: null,
				waitedUntil: waitTill.toISOString(),
			},
		},
		pairedItem: { item: 0 },
	});
}
