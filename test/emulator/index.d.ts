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

export interface Emulator {
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
}

export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
