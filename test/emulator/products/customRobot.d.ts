/** Types for products/customRobot.js: the directory defaults tests may use. */
/** A custom group robot (群自定义机器人) in the emulator's directory, as given or listed. */
export interface EmulatorCustomRobot {
	readonly accessToken: string;
	readonly name: string;
	/** 加签 secret: requests need timestamp + sign. */
	readonly secret?: string;
	/** 自定义关键词: the message's visible text must contain it. */
	readonly keyword?: string;
	readonly openConversationId: string;
}

/** The default robots: [signed (secret with + / =), keyword '告警', plain]. */
export const DEFAULT_CUSTOM_ROBOTS: readonly [
	EmulatorCustomRobot & { readonly secret: string },
	EmulatorCustomRobot & { readonly keyword: string },
	EmulatorCustomRobot,
];

/** Custom robot rate limit defaults: sends per window, window length (ms). */
export const CUSTOM_ROBOT_PER_WINDOW: number;
export const CUSTOM_ROBOT_WINDOW_MS: number;
