import { createHash, randomUUID } from 'node:crypto';

import type { OperationType } from './money-values';
import { FieldError, text } from './validation';

/** A version-4 UUID: what Dollr takes as `reference_id`. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The `reference_id` an item sends, and where it came from. */
export interface Reference {
	id: string;
	/** The text it was derived from, when the user typed something other than a UUID v4. */
	derivedFrom?: string;
	/** True when the node made a random one (an empty field on a collection). */
	generated: boolean;
}

/**
 * A UUID v4-shaped key derived from the text, the operation type and the Client
 * ID: SHA-256, the first 16 bytes, version and variant bits set. The same text
 * gives the same key every time, on any n8n; the operation type and the Client
 * ID keep a row id from colliding across flows and merchants.
 */
export function deriveReference(typed: string, operationType: OperationType, clientId: string): string {
	const bytes = createHash('sha256').update(`dollr-reference\n${operationType}\n${clientId}\n${typed}`).digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Reads the Reference ID field: a UUID v4 is sent as typed; any other text
 * gives its derived key; empty gives a random key where `required` is false,
 * and a FieldError otherwise (`whyRequired` says why).
 */
export function readReference(
	value: unknown,
	operationType: OperationType,
	clientId: string,
	{ required, whyRequired }: { required: boolean; whyRequired?: string },
): Reference {
	const typed = text('Reference ID', value, false);
	if (typed === undefined) {
		if (required) {
			throw new FieldError(
				'Reference ID',
				'is required',
				whyRequired ??
					'Map a key from your data that stays the same for this payment, e.g. {{ $json.row_id }}.',
			);
		}
		return { id: randomUUID(), generated: true };
	}
	if (UUID_V4.test(typed)) return { id: typed, generated: false };
	return { id: deriveReference(typed, operationType, clientId), derivedFrom: typed, generated: false };
}

/** "Reference ID 'x'" or "Reference ID 'x' (derived from 'row-7')", for messages. */
export function describeReference(reference: Reference): string {
	return `Reference ID '${reference.id}'${reference.derivedFrom !== undefined ? ` (derived from '${reference.derivedFrom}')` : ''}`;
}
