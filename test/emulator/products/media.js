'use strict';
// Media upload on the old API (dingtalk-api.md §5.1): multipart/form-data, file part `media`,
// `type` in the query (or as a form field; the query wins). Limits and formats from §5.1.
const crypto = require('node:crypto');

const { HttpReply, oldApiError } = require('../core');
const { MultipartError, boundaryOf, parseMultipart } = require('./multipart');

const MB = 1024 * 1024;

/** type → max bytes and allowed extensions (judged by the file name). */
const MEDIA_TYPES = {
	image: { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'gif', 'png', 'bmp'] },
	voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
	video: { maxBytes: 20 * MB, extensions: ['mp4'] },
	file: {
		maxBytes: 20 * MB,
		extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'],
	},
};

/**
 * Missing `media` file part. DingTalk answers 「缺少参数 media」 (seen by client authors);
 * the errcode is not documented — 40035 is DingTalk's general "missing/bad parameter" code
 * (§1, and `40035 缺少参数 corpid or appkey` on /gettoken) [INF].
 */
const ERR_MISSING_MEDIA = 40035;
const ERR_INVALID_TYPE = 40004; // 'invalid media type' [DOC: the doc's own troubleshooting hint]
const ERR_INVALID_FILE_TYPE = 40005; // 'invalid file type' [INF: WeChat-family code]
const ERR_INVALID_FILE_SIZE = 40006; // 'invalid file size' [INF: WeChat-family code]

function extensionOf(fileName) {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Uploaded media: a media_id stays valid while the org exists (§5.1), so reset() keeps them. */
const state = {
	init(core) {
		core.media = new Map();
	},
	snapshot: (core) => ({
		media: [...core.media.entries()].map(([mediaId, { bytes, ...info }]) => ({
			mediaId,
			...info,
		})),
	}),
};

module.exports = {
	state,
	MEDIA_TYPES,
	routes: [
		{
			host: 'oapi',
			method: 'POST',
			path: '/media/upload',
			scope: 'qyapi_base',
			handle({ core, req, rawBody, query }) {
				let parts = [];
				const boundary = boundaryOf(req.headers['content-type']);
				if (boundary && rawBody && rawBody.length) {
					try {
						parts = parseMultipart(rawBody, boundary);
					} catch (error) {
						if (!(error instanceof MultipartError)) throw error;
						parts = []; // an unreadable body carries no `media` part
					}
				}
				const typeField = parts.find((part) => part.name === 'type' && part.filename === undefined);
				const type = query.get('type') || (typeField ? typeField.data.toString('utf8').trim() : '');
				const limits = Object.prototype.hasOwnProperty.call(MEDIA_TYPES, type)
					? MEDIA_TYPES[type]
					: undefined;
				if (!limits) return oldApiError(ERR_INVALID_TYPE, 'invalid media type');

				// Only a file part counts: a plain `media` text field is not an upload.
				const media = parts.find((part) => part.name === 'media' && part.filename !== undefined);
				if (!media) return oldApiError(ERR_MISSING_MEDIA, '缺少参数 media (缺少media参数)');

				const extension = extensionOf(media.filename);
				if (!limits.extensions.includes(extension)) {
					return oldApiError(
						ERR_INVALID_FILE_TYPE,
						`invalid file type: .${extension || '(none)'} is not allowed for type=${type} (${limits.extensions.join(', ')})`,
					);
				}
				if (media.data.length === 0 || media.data.length > limits.maxBytes) {
					return oldApiError(
						ERR_INVALID_FILE_SIZE,
						`invalid file size: ${media.data.length} bytes, type=${type} allows 1..${limits.maxBytes} bytes`,
					);
				}

				let mediaId;
				do mediaId = `@lA${crypto.randomBytes(24).toString('base64url')}`;
				while (core.media.has(mediaId));
				const bytes = Buffer.from(media.data); // copy: don't pin the whole request body
				const createdAt = Date.now();
				core.media.set(mediaId, {
					type,
					fileName: media.filename,
					contentType: media.contentType,
					size: bytes.length,
					sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
					createdAt,
					bytes,
				});
				return new HttpReply(200, {
					errcode: 0,
					errmsg: 'ok',
					type,
					media_id: mediaId,
					created_at: createdAt,
				});
			},
		},
	],
};
