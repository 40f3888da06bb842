/** Types for the emulator's OpenAI-compatible chat model (products/openai.js). */
/** The API key the emulator's model accepts (Authorization: Bearer …). */
export declare const OPENAI_API_KEY: string;
/** The model ids GET /v1/models lists and chat completions accept. */
export declare const MODELS: string[];
/** The deterministic text of exactly n characters that `/long n` answers. */
export declare function longText(n: number): string;
