import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { FEE_BEARERS } from '../../helpers/document-body';
import {
	MERCHANT_TYPES,
	OPERATION_TYPES,
	OWNER_TYPES,
	PAYMENT_METHODS,
	PROVIDERS,
} from '../../helpers/money-values';
import { apiOptions } from '../options';

/**
 * Field definitions of the money API's fixed values (payment method, provider,
 * operation type, owner) for the pricing and merchant operations, written so
 * that the money operations can show the same ones: options come from
 * helpers/money-values.ts, with a description a person or an AI agent can pick by.
 */

type PaymentMethod = (typeof PAYMENT_METHODS)[number];
type Provider = (typeof PROVIDERS)[number];
type OperationType = (typeof OPERATION_TYPES)[number];

const PAYMENT_METHOD_OPTIONS: Record<PaymentMethod, { name: string; description: string }> = {
	MTN_MOMO_LBR: { name: 'MTN MoMo (Liberia)', description: 'MTN Mobile Money in Liberia' },
	ORANGE_MONEY_LBR: { name: 'Orange Money (Liberia)', description: 'Orange Money in Liberia' },
	AIRTEL_RWA: { name: 'Airtel Money (Rwanda)', description: 'Airtel Money in Rwanda' },
	MTN_MOMO_RWA: { name: 'MTN MoMo (Rwanda)', description: 'MTN Mobile Money in Rwanda' },
	ORANGE_MONEY_RWA: { name: 'Orange Money (Rwanda)', description: 'Orange Money in Rwanda' },
	CREDIT_CARD: { name: 'Card', description: 'A credit or debit card (routed through Stripe)' },
	WALLET: { name: 'Dollr Wallet', description: 'A Dollr wallet (routed on the platform)' },
};

/** Every payment method, mobile money first: Dollr's `payment_method` values. */
export const paymentMethodOptions: INodePropertyOptions[] = PAYMENT_METHODS.map((value) => ({
	...PAYMENT_METHOD_OPTIONS[value],
	value,
}));

const PROVIDER_OPTIONS: Record<Provider, { name: string; description: string }> = {
	PAWAPAY: { name: 'PawaPay', description: 'Routes every mobile-money method (what Dollr names for MoMo)' },
	STRIPE: { name: 'Stripe', description: 'Routes card payments' },
	PLATFORM: { name: 'Platform', description: 'Dollr itself, for wallet payments' },
	MTN_MOMO_LBR: { name: 'MTN MoMo (Liberia), as Method', description: "The method's name as provider, as some of Dollr's examples send it" },
	ORANGE_MONEY_LBR: { name: 'Orange Money (Liberia), as Method', description: "The method's name as provider, as some of Dollr's examples send it" },
};

/** Dollr's `provider` values, the routing network first (Dollr's sources disagree for MoMo: see docs). */
export const providerOptions: INodePropertyOptions[] = (['PAWAPAY', 'STRIPE', 'PLATFORM', 'MTN_MOMO_LBR', 'ORANGE_MONEY_LBR'] as const).map(
	(value) => ({ ...PROVIDER_OPTIONS[value], value }),
);

const OPERATION_TYPE_DESCRIPTIONS: Record<OperationType, string> = {
	COLLECTION: 'Money in: a payer pays you',
	PAYOUT: "Money out: you pay a beneficiary's wallet",
	TRANSFER: 'From your Dollr wallet to a counterparty',
	REFUND: 'Back to a payer, against an earlier collection',
};

/** Dollr's `operation_type` values. */
export const operationTypeOptions: INodePropertyOptions[] = OPERATION_TYPES.map((value) => ({
	name: value.charAt(0) + value.slice(1).toLowerCase(),
	value,
	description: OPERATION_TYPE_DESCRIPTIONS[value],
}));

/** `paymentMethod`: one of Dollr's payment methods. */
export function paymentMethodField(description = 'How the payer pays (or the beneficiary is paid)'): INodeProperties {
	return {
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'options',
		options: paymentMethodOptions,
		default: 'MTN_MOMO_LBR',
		required: true,
		description: `${description}. Detect Operator tells the mobile-money method of a phone number.`,
	};
}

/** `provider`: who routes the payment. */
export function providerField(): INodeProperties {
	return {
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		options: providerOptions,
		default: 'PAWAPAY',
		required: true,
		description:
			"Who routes the payment: PawaPay for mobile money, Stripe for cards, Platform for a Dollr wallet (Detect Operator's gateway_provider)",
	};
}

/** `operationType`: what kind of money movement. */
export function operationTypeField(description = 'What kind of money movement'): INodeProperties {
	return {
		displayName: 'Operation Type',
		name: 'operationType',
		type: 'options',
		options: operationTypeOptions,
		default: 'COLLECTION',
		required: true,
		description,
	};
}

/** A required three-letter currency under its own name, e.g. `baseCurrency`. */
export function currencyCodeField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. USD',
		description: `${description}. A three-letter ISO 4217 code such as USD, LRD or RWF.`,
	};
}

/** A required numeric ID, e.g. `merchantId`. */
export function idField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		default: 0,
		required: true,
		description,
	};
}

const OWNER_TYPE_DESCRIPTIONS: Record<(typeof OWNER_TYPES)[number], string> = {
	USER: 'A person using Dollr on their own',
	MICRO_ORGANIZATION: 'A sole proprietor',
	ORGANIZATION: 'A registered business',
};

/** `ownerType`: the kind of merchant a fee tier belongs to. */
export function ownerTypeField(required: boolean): INodeProperties {
	return {
		displayName: 'Owner Type',
		name: 'ownerType',
		type: 'options',
		options: OWNER_TYPES.map((value) => ({ ...apiOptions([value])[0], description: OWNER_TYPE_DESCRIPTIONS[value] })),
		default: 'ORGANIZATION',
		...(required ? { required: true } : {}),
		description: 'What kind of merchant: the type of the account whose fee tier applies (Dollr merchant portal)',
	};
}

/** `ownerId`: the merchant's ID, with Owner Type. */
export function ownerIdField(required: boolean): INodeProperties {
	return {
		displayName: 'Owner ID',
		name: 'ownerId',
		type: 'number',
		default: 0,
		...(required ? { required: true } : {}),
		description: "The merchant's numeric ID from the Dollr merchant portal (Settings › Business), with Owner Type",
	};
}

/** `feeBearer`: who carries the fees in a quote. */
export const feeBearerField: INodeProperties = {
	displayName: 'Fee Bearer',
	name: 'feeBearer',
	type: 'options',
	options: [
		{ name: 'Payee', value: FEE_BEARERS[1], description: 'Your business carries the fees: they come off what you receive' },
		{ name: 'Payer', value: FEE_BEARERS[0], description: 'The payer carries the fees: they are added to what they pay' },
	],
	default: 'PAYEE',
	required: true,
	description: "Who pays Dollr's fees",
};

/** `merchantType`: Dollr's merchant kinds. */
export const merchantTypeField: INodeProperties = {
	displayName: 'Merchant Type',
	name: 'merchantType',
	type: 'options',
	options: MERCHANT_TYPES.map((value) => ({ ...apiOptions([value])[0], description: OWNER_TYPE_DESCRIPTIONS[value] })),
	default: 'ORGANIZATION',
	required: true,
	description: 'Whether the merchant is a sole proprietor (Micro Organization) or a registered business (Organization)',
};
