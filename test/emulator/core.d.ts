/** Types for core.js: the constants tests may use (the class itself is typed in index.d.ts as far as tests need it). */
export interface EmulatorDefaultApp {
	readonly appKey: string;
	readonly appSecret: string;
	readonly agentId: string;
	readonly corpId: string;
}

export const DEFAULT_APP: EmulatorDefaultApp;
export const ALL_SCOPES: readonly string[];
