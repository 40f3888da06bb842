/** Types for the plain-JavaScript emulator, so TypeScript tests can use it. */
export interface EmulatorApp {
	appKey: string;
	appSecret: string;
	agentId: string;
	corpId: string;
	robotCode: string;
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
	readonly app: EmulatorApp;
	credentials(overrides?: Record<string, string | number>): EmulatorCredentials;
	stop(): Promise<void>;
}

export interface EmulatorOptions {
	apiPort?: number;
	oapiPort?: number;
	host?: string;
	latencyMs?: number;
	tokenTtlSeconds?: number;
	app?: Partial<EmulatorApp>;
	groups?: EmulatorGroup[];
	/** Custom group robots (webhooks); default DEFAULT_CUSTOM_ROBOTS from core. */
	customRobots?: Array<{ accessToken: string; name?: string; secret?: string; keyword?: string; openConversationId?: string }>;
	workNoticeDailyCap?: number;
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
