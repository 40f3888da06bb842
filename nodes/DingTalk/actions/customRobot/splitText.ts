/**
 * Cuts an over-long custom-robot text or Markdown body into pieces that each fit a byte budget as
 * DingTalk measures it (the JSON-escaped UTF-8 of the webhook body).
 */

/**
 * What one character (code point) costs inside the JSON body DingTalk measures: its UTF-8 bytes,
 * or its escape (\n, \", \u0001, a lone surrogate as \udxxx) where JSON.stringify escapes it.
 */
function jsonCost(code: number): number {
	if (
		code === 0x22 ||
		code === 0x5c ||
		code === 0x08 ||
		code === 0x09 ||
		code === 0x0a ||
		code === 0x0c ||
		code === 0x0d
	)
		return 2;
	if (code < 0x20) return 6;
	if (code < 0x80) return 1;
	if (code < 0x800) return 2;
	if (code >= 0xd800 && code <= 0xdfff) return 6;
	if (code < 0x10000) return 3;
	return 4;
}

/**
 * Splits text into pieces of at most `budget` bytes as JSON-escaped UTF-8 (so a piece's escaped
 * form, and therefore its raw UTF-8, fits): at the last paragraph break (blank line) that fits,
 * else the last line break, else between characters — never inside a surrogate pair or a UTF-8
 * sequence. The break itself is dropped. One pass: linear in the length of the text.
 */
export function splitText(text: string, budget: number): string[] {
	const limit = Math.max(6, Math.floor(budget));
	const parts: string[] = [];
	let start = 0;
	while (start < text.length) {
		let cost = 0;
		let index = start;
		/** Last "\n\n" and "\n" seen in this piece: [where the piece ends, where the next starts]. */
		let paragraph: [number, number] | undefined;
		let line: [number, number] | undefined;
		while (index < text.length) {
			const code = text.codePointAt(index)!;
			const width = code > 0xffff ? 2 : 1;
			const charCost = jsonCost(code > 0xffff ? 0x10000 : code);
			if (cost + charCost > limit) break;
			if (code === 0x0a) {
				if (text.charCodeAt(index + 1) === 0x0a && index > start) paragraph = [index, index + 2];
				else if (index > start) line = [index, index + 1];
			}
			cost += charCost;
			index += width;
		}
		if (index >= text.length) {
			parts.push(text.slice(start));
			break;
		}
		const cut = paragraph ?? line ?? [index, index];
		parts.push(text.slice(start, cut[0]));
		start = cut[1];
	}
	return parts.filter((part) => part !== '');
}
