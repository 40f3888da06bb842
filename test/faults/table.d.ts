/** One scenario's line in the fault table. */
export interface FaultRow {
	scenario: string;
	/** Calls the emulator received on the send endpoint(s), failed and dropped ones included. */
	attempted: number;
	/** "delivered/intended", distinct deliveries. */
	delivered: string;
	lost: number;
	duplicated: number;
	result: string;
}

export function record(row: FaultRow): void;
export function clear(): void;
export function writeTable(): { table: string; count: number };
export const TABLE: string;
