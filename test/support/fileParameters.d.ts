import type { IDataObject } from 'n8n-workflow';

/** The group the emulator seeds (its openConversationId). */
export const GROUP: string;
/** File → Upload to Drive, into the root of space 1000001 as user0001, from the `data` binary. */
export function uploadToDrive(extra?: IDataObject): IDataObject;
/** File → Send to Group as the operator user0001, from the `data` binary. */
export function fileToGroup(extra?: IDataObject): IDataObject;
