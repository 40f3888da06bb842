/**
 * Every HTTP call of the package goes through this folder:
 * - session.ts   one run's credential read, pacers and retry policy (ApiSession)
 * - token.ts     sending with the token, renewing it, the process-wide token share
 * - retry.ts     backoff, retry policy, network-failure and quota classification
 * - request.ts   dingTalkApiRequest: the request function
 * - pacer.ts     per-endpoint rate learning
 * - errors.ts, redact.ts, permissions.ts   DingTalk error → NodeApiError, secret redaction, scopes
 * - redirects.ts the error for a redirect, which no call follows
 * - objectStore.ts, customRobot.ts   signed storage URLs and custom robot webhooks
 */
export type { ApiFamily, DingTalkRequest, RetryPolicy } from './types';
export {
	ApiSession,
	CREDENTIAL_TYPE,
	robotCodeOf,
	type ApiSessionOptions,
	type DingTalkContext,
} from './session';
export { DEFAULT_RETRY_POLICY } from './retry';
export { dingTalkApiRequest } from './request';
export { PERMISSIONS, permissionForPath, permissionHint } from './permissions';
export { getSigned, isExpiredAnswer, putSigned, type SignedResponse } from './objectStore';
export {
	CUSTOM_ROBOT_CREDENTIAL,
	CustomRobotSession,
	customRobotRequest,
	type CustomRobotSessionOptions,
} from './customRobot';
export { postResumeAnswer, type PlainHttpRequest, type ResumeAnswer } from './n8nResume';
