/**
 * Reads a robot message (1:1 or group) from the node parameters of one item: the fields of its
 * message type, uploading binaries as media where the type needs them.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { problemError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { uploadMedia, type MediaType } from '../../helpers/messages/media';
import type { MessageButton, RobotMessage, RobotMessageType } from '../../helpers/messages/content';
import { buildRobotMessage } from '../../helpers/messages/robotContent';

/**
 * Builds the message, or throws its problem as item i's parameter error. Audio and video call it
 * before the media upload as well: a missing duration is reported, so a bad item uploads nothing.
 */
function buildOrThrow(
	context: IExecuteFunctions,
	i: number,
	type: RobotMessageType,
	fields: Parameters<typeof buildRobotMessage>[1],
): RobotMessage {
	const built = buildRobotMessage(type, fields);
	if (built.problem !== undefined) throw problemError(context, i, built.problem);
	return built.message;
}

export async function readRobotMessage(run: RunContext, i: number): Promise<RobotMessage> {
	const { context, read } = run;
	const param = <T>(name: string, fallback: T): T => read(name, i, fallback);
	const type = param<RobotMessageType>('messageType', 'text');
	const options = param<IDataObject>('options', {});
	const fields: Parameters<typeof buildRobotMessage>[1] = {
		content:
			type === 'text' || type === 'markdown' || type === 'link' || type === 'actionCard'
				? param('content', '')
				: '',
		title:
			type === 'markdown' || type === 'link' || type === 'actionCard' ? param('title', '') : '',
	};
	/** Uploads the item's input binary (Input Binary Field) as media of the given type. */
	const uploadInput = async (mediaType: MediaType, fileName?: string) =>
		await uploadMedia(run, i, {
			propertyName: param('binaryPropertyName', 'data'),
			type: mediaType,
			parameter: 'Input Binary Field',
			fileName,
		});
	switch (type) {
		case 'image':
			if (param<string>('imageSource', 'url') === 'binary') {
				const media = await uploadInput('image');
				fields.photoURL = media.mediaId;
			} else {
				fields.photoURL = param('imageUrl', '');
			}
			break;
		case 'link':
			fields.messageUrl = param('messageUrl', '');
			fields.picUrl = param('picUrl', '');
			break;
		case 'actionCard':
			fields.buttons =
				(param<IDataObject>('buttons', {}).button as MessageButton[] | undefined) ?? [];
			fields.buttonOrientation = param('buttonOrientation', 'vertical');
			break;
		case 'audio': {
			fields.duration = param('audioDuration', 0);
			buildOrThrow(context, i, type, fields);
			const media = await uploadInput('voice');
			fields.mediaId = media.mediaId;
			break;
		}
		case 'file': {
			const media = await uploadInput('file', options.fileName as string | undefined);
			fields.mediaId = media.mediaId;
			fields.fileName = media.fileName;
			fields.fileType = media.extension;
			break;
		}
		case 'video': {
			fields.duration = param('videoDuration', 0);
			buildOrThrow(context, i, type, fields);
			const video = await uploadInput('video');
			const cover = await uploadMedia(run, i, {
				propertyName: param('coverBinaryPropertyName', 'cover'),
				type: 'image',
				parameter: 'Cover Image Binary Field',
			});
			fields.videoMediaId = video.mediaId;
			fields.picMediaId = cover.mediaId;
			fields.videoType = video.extension;
			break;
		}
	}
	return buildOrThrow(context, i, type, fields);
}
