import { jsonPathOf } from '../../../../nodes/DingTalk/helpers/execution/parameters';

describe('jsonPathOf: which expressions are plain item-field reads', () => {
	it.each([
		['={{ $json.userId }}', ['userId']],
		['={{$json.user.id}}', ['user', 'id']],
		['={{ $json["user id"] }}', ['user id']],
		["={{ $json['a'].b }}", ['a', 'b']],
	])('%s → %j', (raw, path) => {
		expect(jsonPathOf(raw)).toEqual(path);
	});

	it.each([
		'={{ $json.userId.trim() }}',
		'={{ $json.a + $json.b }}',
		'={{ $("Node").item.json.a }}',
		'=user {{ $json.a }}',
		'={{ $json }}',
		'={{ $json[0] }}',
		'user0001',
		undefined,
	])('%s → not a plain read (n8n evaluates it)', (raw) => {
		expect(jsonPathOf(raw)).toBeUndefined();
	});
});
