import type { INodeProperties } from 'n8n-workflow';

/** Field definitions that several resources show, written once. */

export function phoneField(name: string, displayName: string, whose: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 231771234567',
		description: `${whose} phone number in international format, 8-15 digits. A leading '+', spaces and dashes are removed.`,
	};
}

/** The required Currency of a checkout, invoice or order. */
export function currencyField(owner: string): INodeProperties {
	return {
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. USD',
		description: `Three-letter ISO 4217 code of the ${owner}, e.g. USD, LRD or RWF`,
	};
}

/**
 * A line item's fields: Name, Qty (invoice and order lines), Amount and, with an
 * `owner`, Currency (empty means the owner's). `required` marks them for Add Item.
 */
export const lineFields = {
	name: (required = false): INodeProperties => ({
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		...(required ? { required } : {}),
		placeholder: 'e.g. Consulting, November',
		description: 'What the payer is paying for',
	}),
	qty: (required = false): INodeProperties => ({
		displayName: 'Qty',
		name: 'qty',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1,
		...(required ? { required } : {}),
		description: 'How many units, a whole number of at least 1',
	}),
	amount: (perUnit: boolean, required = false): INodeProperties => ({
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		...(required ? { required } : {}),
		description: `${perUnit ? 'Unit price' : 'Price'} in the currency's main unit (250 means 250.00), at least 0.01`,
	}),
	currency: (owner: string): INodeProperties => ({
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'e.g. USD',
		description: `Three-letter code of this line; leave empty to use the ${owner}'s currency`,
	}),
};
