/**
 * Reads a robot message (1:1 or group) from the node parameters of one item: the fields of its
 * message type, uploading binaries as media where the type needs them.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { uploadMedia } from '../../helpers/messages/media';
import type { MessageButton, RobotMessage, RobotMessageType } from '../../helpers/messages/content';
import { buildRobotMessage } from '../../helpers/messages/robotContent';

/** Audio and video: a missing duration is reported before the media upload, so a bad item uploads nothing. */
function checkBeforeUpload(
	context: IExecuteFunctions,
	i: number,
	type: RobotMessageType,
	fields: Parameters<typeof buildRobotMessage>[1],
): void {
	const early = buildRobotMessage(type, fields);
	if (early.problem !== undefined)
		throw parameterError(
			context,
			i,
			early.problem.parameter,
			early.problem.problem,
			early.problem.fix,
		);
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
	switch (type) {
		case 'image':
			if (param<string>('imageSource', 'url') === 'binary') {
				const media = await uploadMedia(run, i, {
					propertyName: param('binaryPropertyName', 'data'),
					type: 'image',
					parameter: 'Input Binary Field',
				});
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
			checkBeforeUpload(context, i, type, fields);
			const media = await uploadMedia(run, i, {
				propertyName: param('binaryPropertyName', 'data'),
				type: 'voice',
				parameter: 'Input Binary Field',
			});
			fields.mediaId = media.mediaId;
			break;
		}
		case 'file': {
			const media = await uploadMedia(run, i, {
				propertyName: param('binaryPropertyName', 'data'),
				type: 'file',
				parameter: 'Input Binary Field',
				fileName: options.fileName as string | undefined,
			});
			fields.mediaId = media.mediaId;
			fields.fileName = media.fileName;
			fields.fileType = media.extension;
			break;
		}
		case 'video': {
			fields.duration = param('videoDuration', 0);
			checkBeforeUpload(context, i, type, fields);
			const video = await uploadMedia(run, i, {
				propertyName: param('binaryPropertyName', 'data'),
				type: 'video',
				parameter: 'Input Binary Field',
			});
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
	const built = buildRobotMessage(type, fields);
	if (built.problem !== undefined) {
		throw parameterError(
			context,
			i,
			built.problem.parameter,
			built.problem.problem,
			built.problem.fix,
		);
	}
	return built.message;
}
