/** Everything logged through console during the current test file. */
export const lines: string[];
