import { NodeApiError } from 'n8n-workflow';

import {
	REDACTED,
	redact,
	redactValue,
	scrubError,
	secretsOf,
} from '../../../nodes/DingTalk/transport/redact';

const SECRET = ['SECRET', 'app+secret/with', '=chars'].join('-');
const TOKEN = ['a79aca81', '1400a4f7', '7febf569', 'f2c2fb32'].join('');
const OTHER = 'feedface'.repeat(4);

describe('redact', () => {
	it.each([
		[`appSecret ${SECRET} is wrong`, SECRET],
		[`echo ${encodeURIComponent(SECRET)}`, encodeURIComponent(SECRET)],
		[`echo ${encodeURIComponent(SECRET).toLowerCase()}`, encodeURIComponent(SECRET).toLowerCase()],
		[
			`echo ${encodeURIComponent(encodeURIComponent(SECRET))}`,
			encodeURIComponent(encodeURIComponent(SECRET)),
		],
		[JSON.stringify({ nested: JSON.stringify({ s: SECRET }) }), 'app+secret'],
		[`token ${TOKEN} expired`, TOKEN],
	])('removes a known secret: %s', (text, gone) => {
		const out = redact(text, [SECRET, TOKEN]);
		expect(out).not.toContain(gone);
		expect(out).toContain(REDACTED);
	});

	it.each([
		[`/topapi/x?access_token=${OTHER}&x=1`],
		[`{"accessToken":"${OTHER}"}`],
		[`{\\"access_token\\": \\"${OTHER}\\"}`],
		[`access_token%3D${OTHER}`],
		[`x-acs-dingtalk-access-token: ${OTHER}`],
		[`<AccessToken>${OTHER}</AccessToken>`],
		[`timestamp=1&sign=${OTHER}`],
		[`"clientSecret": "${OTHER}"`],
		[`'aes_key':'${OTHER}'`],
	])('removes the value of a credential-named field the package never knew: %s', (text) => {
		expect(redact(text)).not.toContain(OTHER);
	});

	it('leaves prose and ordinary DingTalk messages alone, and is idempotent', () => {
		const prose =
			'Wrong Client ID or Client Secret: copy both again. 310000 sign not match; token is not exist';
		expect(redact(prose)).toBe(prose);
		const once = redact(`access_token=${OTHER} and ${SECRET}`, [SECRET]);
		expect(redact(once, [SECRET])).toBe(once);
	});

	it('redactValue walks objects and blanks credential-named keys', () => {
		expect(redactValue({ a: [`x ${SECRET}`], accessToken: 12345, ok: 'fine' }, [SECRET])).toEqual({
			a: [`x ${REDACTED}`],
			accessToken: REDACTED,
			ok: 'fine',
		});
	});

	it('secretsOf lists a custom robot webhook token on its own', () => {
		expect(
			secretsOf({
				webhookToken: `https://oapi.dingtalk.com/robot/send?access_token=${OTHER}`,
				secret: 'SECabc',
			}),
		).toEqual(expect.arrayContaining([OTHER, 'SECabc']));
	});

	it('scrubError cleans message, description, messages, stack, context and cause', () => {
		const node = {
			id: '1',
			name: 'DingTalk',
			type: 't',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const cause = Object.assign(new Error(`request failed ${SECRET}`), {
			config: { headers: { 'x-acs-dingtalk-access-token': TOKEN } },
		});
		const error = new NodeApiError(node, cause as never, {
			message: `bad ${SECRET}`,
			description: `d ${TOKEN}`,
		});
		error.context.data = { echoed: SECRET };
		scrubError(error, [SECRET, TOKEN]);
		const all = [
			error.message,
			error.description,
			error.stack,
			JSON.stringify(error),
			JSON.stringify(error.messages),
			JSON.stringify(error.cause),
		].join('\n');
		expect(all).not.toContain(SECRET);
		expect(all).not.toContain(TOKEN);
	});
});
