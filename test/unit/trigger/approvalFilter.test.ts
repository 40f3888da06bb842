/**
 * The approval filters both triggers share: by template, by result (the event's own or, with
 * Match Result Of: The Instance, the instance's added by Include Instance Details), and what can
 * be decided before the instance is read.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	acceptedBeforeInstance,
	approvalAccepted,
	readApprovalFilter,
} from '../../../nodes/DingTalk/trigger/approvalFilter';

const task = (result: string | null, instance?: IDataObject | null, extra: IDataObject = {}) => ({
	eventType: 'bpms_task_change',
	processCode: 'PROC-A',
	type: result ? 'finish' : 'start',
	result,
	...(instance !== undefined ? { instance } : {}),
	...extra,
});

describe('approval filters', () => {
	it('reads the collection, defaulting to the event result', () => {
		expect(readApprovalFilter({ processCodes: ' PROC-A,PROC-B ', results: ['agree'] })).toEqual({
			processCodes: ['PROC-A', 'PROC-B'],
			results: ['agree'],
			resultOf: 'event',
		});
		expect(readApprovalFilter({ resultOf: 'instance' }).resultOf).toBe('instance');
		expect(readApprovalFilter('nonsense')).toEqual({
			processCodes: [],
			results: [],
			resultOf: 'event',
		});
	});

	it("matches the event's own result by default, whatever the instance's", () => {
		const filter = readApprovalFilter({ results: ['agree'] });
		expect(approvalAccepted(task('agree', { result: 'refuse' }), filter)).toBe(true);
		expect(approvalAccepted(task(null, { result: 'agree', status: 'COMPLETED' }), filter)).toBe(
			false,
		);
	});

	it("with Match Result Of: The Instance, matches the instance's result; a revoked one is terminated", () => {
		const filter = readApprovalFilter({ results: ['agree', 'terminated'], resultOf: 'instance' });
		expect(approvalAccepted(task(null, { result: 'agree', status: 'COMPLETED' }), filter)).toBe(
			true,
		);
		expect(approvalAccepted(task('agree', { result: null, status: 'RUNNING' }), filter)).toBe(
			false,
		);
		expect(approvalAccepted(task(null, { result: '', status: 'TERMINATED' }), filter)).toBe(true);
		expect(approvalAccepted(task('agree'), filter)).toBe(false);
	});

	it('lets an event whose instance could not be read through, with its error', () => {
		const filter = readApprovalFilter({ results: ['agree'], resultOf: 'instance' });
		expect(
			approvalAccepted(task(null, null, { instanceError: { message: 'denied' } }), filter),
		).toBe(true);
		const other = readApprovalFilter({ processCodes: 'PROC-B', resultOf: 'instance' });
		expect(approvalAccepted(task(null, null, { instanceError: { message: 'x' } }), other)).toBe(
			false,
		);
	});

	it('decides beforehand all but an instance result, so no read is made for what is dropped anyway', () => {
		const byEvent = readApprovalFilter({ processCodes: 'PROC-A', results: ['refuse'] });
		expect(acceptedBeforeInstance(task('agree'), byEvent)).toBe(false);
		expect(acceptedBeforeInstance(task('refuse'), byEvent)).toBe(true);
		const byInstance = readApprovalFilter({
			processCodes: 'PROC-A',
			results: ['refuse'],
			resultOf: 'instance',
		});
		expect(acceptedBeforeInstance(task('agree'), byInstance)).toBe(true);
		expect(
			acceptedBeforeInstance(task('agree', undefined, { processCode: 'PROC-B' }), byInstance),
		).toBe(false);
		expect(acceptedBeforeInstance({ eventType: 'user_add_org' }, byInstance)).toBe(true);
	});
});
