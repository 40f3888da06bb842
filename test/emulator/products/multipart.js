'use strict';
// A small multipart/form-data parser (RFC 7578 / RFC 2046) for the emulator's upload routes.
// Works on Buffers end to end, so binary parts come out byte-identical.

class MultipartError extends Error {}

/** Splits `type/subtype; a=1; b="x;y"` parameters, honouring quoted strings and \-escapes. */
function parseParams(text) {
	const params = {};
	let i = 0;
	const n = text.length;
	while (i < n) {
		while (i < n && (text[i] === ';' || text[i] === ' ' || text[i] === '\t')) i++;
		let key = '';
		while (i < n && text[i] !== '=' && text[i] !== ';') key += text[i++];
		key = key.trim().toLowerCase();
		let value = '';
		if (text[i] === '=') {
			i++;
			while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
			if (text[i] === '"') {
				i++;
				while (i < n && text[i] !== '"') {
					if (text[i] === '\\' && i + 1 < n) i++;
					value += text[i++];
				}
				i++; // closing quote
				while (i < n && text[i] !== ';') i++;
			} else {
				while (i < n && text[i] !== ';') value += text[i++];
				value = value.trim();
			}
		}
		if (key) params[key] = value;
	}
	return params;
}

/** The boundary parameter of a multipart/form-data Content-Type, or undefined. */
function boundaryOf(contentType) {
	const text = String(contentType || '');
	const semicolon = text.indexOf(';');
	const mediaType = (semicolon < 0 ? text : text.slice(0, semicolon)).trim().toLowerCase();
	if (mediaType !== 'multipart/form-data') return undefined;
	const boundary = parseParams(semicolon < 0 ? '' : text.slice(semicolon + 1)).boundary;
	// RFC 2046: 1–70 characters.
	return boundary && boundary.length <= 70 ? boundary : undefined;
}

/**
 * Browsers and undici (Node's FormData) escape `"` CR LF in name/filename as %22 %0D %0A
 * (HTML spec); other clients use quoted-string escapes, already undone by parseParams.
 */
function unescapeFormName(value) {
	return value.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

/** RFC 5987 ext-value: charset'language'percent-encoded. */
function decodeExtValue(value) {
	const match = /^([^']*)'[^']*'(.*)$/.exec(value);
	if (!match) return undefined;
	try {
		const bytes = Buffer.from(
			match[2].replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
			'latin1',
		);
		return bytes.toString(/^utf-?8$/i.test(match[1]) ? 'utf8' : 'latin1');
	} catch {
		return undefined;
	}
}

function parseHeaders(text) {
	const headers = {};
	let last;
	for (const line of text.split('\r\n')) {
		if (!line) continue;
		if ((line[0] === ' ' || line[0] === '\t') && last) {
			headers[last] += ` ${line.trim()}`; // obsolete header folding
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`malformed part header: ${line}`);
		last = line.slice(0, colon).trim().toLowerCase();
		headers[last] = line.slice(colon + 1).trim();
	}
	return headers;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Parses a multipart body. Returns parts `{ name, filename, contentType, headers, data }` in
 * order; `filename` is undefined for plain fields and `data` is a Buffer (a slice of `body`).
 * Throws MultipartError on a body that does not follow the format.
 */
function parseMultipart(body, boundary) {
	if (!Buffer.isBuffer(body)) throw new MultipartError('body must be a Buffer');
	if (!boundary) throw new MultipartError('missing boundary');
	const delimiter = Buffer.from(`--${boundary}`);
	const innerDelimiter = Buffer.concat([CRLF, delimiter]);

	// The first delimiter is at the very start or after a preamble ending in CRLF.
	let pos;
	if (body.subarray(0, delimiter.length).equals(delimiter)) pos = delimiter.length;
	else {
		const at = body.indexOf(innerDelimiter);
		if (at < 0) throw new MultipartError('no boundary found in body');
		pos = at + innerDelimiter.length;
	}

	const parts = [];
	for (;;) {
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // close delimiter "--"
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++; // transport padding
		if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a)
			throw new MultipartError('boundary not followed by CRLF');
		pos += 2;

		let headerText;
		let dataStart;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
			headerText = ''; // a part without headers
			dataStart = pos + 2;
		} else {
			const headerEnd = body.indexOf(HEADER_END, pos);
			if (headerEnd < 0) throw new MultipartError('unterminated part headers');
			headerText = body.subarray(pos, headerEnd).toString('utf8');
			dataStart = headerEnd + HEADER_END.length;
		}
		const dataEnd = body.indexOf(innerDelimiter, dataStart);
		if (dataEnd < 0) throw new MultipartError('missing closing boundary');

		const headers = parseHeaders(headerText);
		const disposition = headers['content-disposition'] || '';
		const semicolon = disposition.indexOf(';');
		const dispositionType = (semicolon < 0 ? disposition : disposition.slice(0, semicolon))
			.trim()
			.toLowerCase();
		const params = parseParams(semicolon < 0 ? '' : disposition.slice(semicolon + 1));
		let filename;
		if (params['filename*'] !== undefined) filename = decodeExtValue(params['filename*']);
		if (filename === undefined && params.filename !== undefined)
			filename = unescapeFormName(params.filename);
		parts.push({
			name:
				dispositionType === 'form-data' && params.name !== undefined
					? unescapeFormName(params.name)
					: undefined,
			filename,
			contentType:
				headers['content-type'] ||
				(filename === undefined ? 'text/plain' : 'application/octet-stream'),
			headers,
			data: body.subarray(dataStart, dataEnd),
		});
		pos = dataEnd + innerDelimiter.length;
	}
}

module.exports = { MultipartError, boundaryOf, parseMultipart, parseParams };
