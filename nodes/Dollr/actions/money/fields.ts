import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { AUTO_METHOD, MOMO_METHODS, PAYMENT_METHODS } from '../../helpers/money-values';
import { paymentMethodOptions, providerOptions } from '../pricing/fields';

/** Field definitions the money operations share, written once. */

function methodOptions(methods: readonly string[]): INodePropertyOptions[] {
	return [
		{ name: 'Auto (Look Up the Operator)', value: AUTO_METHOD, description: "Ask Dollr which operator serves the phone number" },
		...paymentMethodOptions.filter(({ value }) => methods.includes(String(value))),
	];
}

/** `method`: auto (Dollr's operator look-up) or a mobile-money method; all methods for Payment Account › Create. */
export function methodField(allMethods = false): INodeProperties {
	return {
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: methodOptions(allMethods ? PAYMENT_METHODS : MOMO_METHODS),
		default: AUTO_METHOD,
		required: true,
		description:
			"The mobile-money operator of the wallet. Auto asks Dollr's operator look-up with the phone number; choose one to skip the look-up.",
	};
}

export const providerField: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	options: providerOptions,
	default: 'PAWAPAY',
	description:
		"The network that routes the payment. Not set: the operator look-up's provider with Auto, otherwise PAWAPAY for mobile money (STRIPE for cards, PLATFORM for the Dollr wallet).",
};

export const countryCodeField: INodeProperties = {
	displayName: 'Country Code',
	name: 'countryCode',
	type: 'string',
	default: '',
	placeholder: 'e.g. LR',
	description: "Two-letter ISO 3166-1 code of the wallet's country; not set: the method's country (LR or RW)",
};

export function accountNameField(whose: string): INodeProperties {
	return {
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Amara MTN Wallet',
		description: `A label for ${whose} payment account in Dollr; not set: the method and the phone number`,
	};
}

export function amountField(what: string): INodeProperties {
	return {
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		required: true,
		description: `${what} in the currency's main unit (250 means 250.00), at least 0.01`,
	};
}

/** An optional ID in Additional Fields, e.g. Payment Account ID. */
export function idField(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'number', typeOptions: { minValue: 0, numberPrecision: 0 }, default: 0, description };
}

export const expiresAtField: INodeProperties = {
	displayName: 'Expires At',
	name: 'expiresAt',
	type: 'dateTime',
	default: '',
	description: "When Dollr's session for this operation expires; not set: 15 minutes from now",
};

/**
 * `referenceId`: the key that makes a payment happen once. Its description is all
 * an AI agent reads, so it says that a retry of the same payment reuses the value.
 */
export function referenceIdField(noun: string, required: boolean): INodeProperties {
	const empty = required
		? `Required: a ${noun} is never sent without a key.`
		: `Leave empty for a new random key per item (in the output's reference_id; use it for a retry).`;
	return {
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		...(required ? { required: true } : {}),
		placeholder: 'e.g. {{ $json.row_id }}',
		description: `The key that makes this ${noun} happen once: Dollr makes one ${noun} per key. A retry or re-run of the same ${noun} must use the same value (then the node finds the first attempt and reports it instead of sending again); only a deliberately new ${noun} takes a new value. Use a stable key from your data, e.g. an order or row ID; any text works (the node turns it into the UUID Dollr takes, the same every time), and a UUID v4 is sent as it is. ${empty}`,
	};
}

/** Get Status's `referenceId`. */
export function statusReferenceField(noun: string): INodeProperties {
	return {
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.row_id }}',
		description: `The Reference ID the ${noun} was made with: the same text (e.g. the row ID) or the reference_id of its output`,
	};
}
