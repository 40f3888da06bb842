/** Types for the plain-JavaScript emulator, so TypeScript tests can use it. */
export interface EmulatorApp {
	appKey: string;
	appSecret: string;
	agentId: string;
	corpId: string;
	robotCode: string;
	/** Events & Callbacks: the 43-character aes_key and the signing token. */
	eventAesSecret?: string;
	eventToken?: string;
}

export interface EmulatorCredentials {
	clientId: string;
	clientSecret: string;
	robotCode: string;
	agentId: string;
	corpId: string;
	environment: 'custom';
	apiBaseUrl: string;
	oapiBaseUrl: string;
	accessToken: string;
	[key: string]: string | number;
}

/** A group chat in the emulator's directory (robotCodes as an array, as in JSON). */
export interface EmulatorGroup {
	openConversationId: string;
	chatId: string;
	title?: string;
	memberUserIds: string[];
	robotCodes: string[];
	coolAppCode?: string;
}

/** The in-process state; tests normally use the HTTP state API (/__emulator/…) instead. */
export interface EmulatorCoreHandle {
	addApp(app: Omit<EmulatorApp, 'robotCode'> & { robotCode?: string }): EmulatorApp;
}

export interface Emulator {
	core: EmulatorCoreHandle;
	apiBaseUrl: string;
	oapiBaseUrl: string;
	/** The object store (a third-party host) that storage and message-file URLs point at: PUT/GET /oss/<objectKey>. */
	ossBaseUrl: string;
	/** A foreign host (neither DingTalk nor the object store) that records every request whole; redirect faults point here. */
	foreignBaseUrl: string;
	readonly app: EmulatorApp;
	credentials(overrides?: Record<string, string | number>): EmulatorCredentials;
	stop(): Promise<void>;
}

export interface EmulatorOptions {
	apiPort?: number;
	oapiPort?: number;
	ossPort?: number;
	host?: string;
	latencyMs?: number;
	tokenTtlSeconds?: number;
	app?: Partial<EmulatorApp>;
	groups?: EmulatorGroup[];
	/** Custom group robots (webhooks); default DEFAULT_CUSTOM_ROBOTS from products/customRobot. */
	customRobots?: Array<{
		accessToken: string;
		name?: string;
		secret?: string;
		keyword?: string;
		openConversationId?: string;
	}>;
	workNoticeDailyCap?: number;
	/** The directory's users (default: user0001 … user2000 and manager4220). */
	users?: Array<{ userId: string; unionId: string; name: string; mobile?: string; title?: string }>;
	/** The department tree (default: 1 root, 100 Sales, 200 Engineering, 201 Platform under 200). */
	departments?: Array<{ deptId: number; name: string; parentId: number; members?: string[] }>;
}

/** A DingTalk credential that reached the object store (where: 'header:x-acs-dingtalk-access-token', 'query:access_token', 'header:authorization', …). */
export interface EmulatorTokenLeak {
	path: string;
	where: string;
}

/** The `storage` section of GET /__emulator/state. */
export interface EmulatorStorageState {
	spaces: Array<{
		spaceId: string;
		name: string;
		ownerType: string;
		openConversationId: string | null;
		members: string[];
	}>;
	dentries: Array<{
		id: string;
		spaceId: string;
		parentId: string;
		name: string;
		type: 'FILE' | 'FOLDER';
		size: number;
		/** null for folders, and for a multipart file whose large parts arrived too far out of order to hash. */
		sha256: string | null;
		version: number;
		bytesKept: boolean;
		/** Commit option.appProperties of the last commit that set them. */
		appProperties: Array<{ name: string; value: string; visibility: 'PUBLIC' | 'PRIVATE' }>;
	}>;
	tokenLeaks: EmulatorTokenLeak[];
	/** Upload sessions (uploadKeys) since the last reset. */
	uploads: number;
	expirationSeconds: number;
	messageFiles: Array<{
		downloadCode: string;
		fileName: string;
		contentType: string;
		robotCode: string;
		size: number;
		sha256: string;
	}>;
}

/** A record as AI Table returns it (record value format: numbers as text, options as {id, name}). */
export interface EmulatorNotableRecord {
	id: string;
	fields: Record<string, unknown>;
	createdBy: { unionId: string };
	createdTime: number;
	lastModifiedBy: { unionId: string };
	lastModifiedTime: number;
}

/** The `notable` section of GET /__emulator/state (AI Table). */
export interface EmulatorNotableState {
	/** Inserts answered from an earlier call with the same clientToken (nothing inserted). */
	replays: number;
	clientTokens: number;
	/** Attachment uploads (uploadInfos/query), and what was PUT to each. */
	uploads: Array<{
		resourceId: string;
		resourceName: string;
		mediaType: string;
		size: number;
		uploaded: { size: number; sha256: string } | null;
	}>;
	bases: Array<{
		baseId: string;
		name: string;
		members: string[];
		sheets: Array<{
			id: string;
			name: string;
			fields: Array<{ id: string; name: string; type: string; property: Record<string, unknown> }>;
			records: EmulatorNotableRecord[];
		}>;
	}>;
}

/** The `workbooks` section of GET /__emulator/state (Sheets): cells row by row, null when empty. */
export interface EmulatorWorkbookState {
	workbookId: string;
	name: string;
	sheets: Array<{ id: string; name: string; rows: Array<Array<string | number | boolean | null>> }>;
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
