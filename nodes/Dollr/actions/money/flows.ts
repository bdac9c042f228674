import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { type OperationType } from '../../helpers/money-values';
import { nodeParameter } from '../../helpers/parameters';
import {
	amount,
	currency,
	dateTime,
	requiredPositiveInteger,
	sourceType,
	text,
} from '../../helpers/validation';
import { currencyField, phoneField } from '../fields';
import { sourceTypeField } from '../paymentSource/fields';
import { counterpartyId, counterpartyLocator } from '../locators';
import { type AccountRequest, readAccountFields } from './accounts';
import {
	accountNameField,
	amountField,
	countryCodeField,
	expiresAtField,
	idField,
	methodField,
	providerField,
	referenceIdField,
} from './fields';

/** What one item of a flow asks for, validated: nothing here sends a request. */
export interface FlowInput {
	/** The amount that leaves the merchant (checked against the credential's Money Out Limit). */
	amount?: number;
	/** The payment / payout account: an ID to reuse, or what to create (once per run and wallet). */
	account?: { id: number } | AccountRequest;
	/** The session body, given the account the node uses; built when the session is made. */
	session(accountId: number | undefined): IDataObject;
	/** Execution body fields besides session, account, reference and passcode. */
	execution: IDataObject;
}

/**
 * What tells the four money flows apart: names, paths, the account, whether
 * money leaves, the fields and how to read them. The mechanism (reference →
 * status → account → session → execute → status) is written once in execute.ts.
 */
export interface MoneyFlow {
	/** The saved `resource` parameter. */
	resource: 'collection' | 'payout' | 'transfer' | 'refund';
	label: string;
	/** In sentences: "payout". */
	noun: string;
	operationType: OperationType;
	/** The lower-case segment of `/v1/status/<type>/` and `/v1/executions/<type>`. */
	type: string;
	sessionPath: string;
	/** The execution body's account field, where the flow has an account. */
	accountKey?: 'payment_account_id' | 'payout_account_id';
	/** Money leaves the merchant: needs Allow Money Out, obeys the Money Out Limit. */
	moneyOut: boolean;
	/** Sends the credential's passcode object (payouts). */
	passcode: boolean;
	referenceRequired: boolean;
	/** The Create operation's menu entry. */
	create: { name: string; action: string; description: string };
	/** The Create fields, in order; the Reference ID field is added after them. */
	fields: INodeProperties[];
	/** The Create fields' Additional Fields. */
	additionalFields: INodeProperties[];
	read(this: IExecuteFunctions, itemIndex: number): FlowInput;
}

/** 15 minutes from now: the session expiry the node asks for where the caller sets it (transfer, refund). */
function expiresAt(context: IExecuteFunctions, value: unknown): () => string {
	const typed = dateTime('Expires At', value, context.getTimezone());
	return () => typed ?? new Date(Date.now() + 15 * 60_000).toISOString();
}

function parameter(context: IExecuteFunctions, itemIndex: number) {
	return (name: string, fallback?: unknown) => nodeParameter(context, name, itemIndex, fallback);
}

/** 0 in an optional number field means not set. */
function optionalId(field: string, value: unknown): number | undefined {
	return value === undefined || value === null || value === '' || value === 0 ? undefined : requiredPositiveInteger(field, value);
}

export const COLLECTION: MoneyFlow = {
	resource: 'collection',
	label: 'Collection',
	noun: 'collection',
	operationType: 'COLLECTION',
	type: 'collection',
	sessionPath: '/v1/sessions/checkout',
	accountKey: 'payment_account_id',
	moneyOut: false,
	passcode: false,
	referenceRequired: false,
	create: {
		name: 'Request Payment',
		action: 'Request a mobile-money payment',
		description:
			"Push a mobile-money payment prompt to the payer's phone for a published invoice or order; paid, the invoice or order becomes PAID",
	},
	fields: [
		{ ...sourceTypeField, description: 'Whether the payment is for an invoice or an order' },
		{
			displayName: 'Source ID',
			name: 'sourceId',
			type: 'number',
			default: 0,
			required: true,
			description: 'The numeric ID of the published (ACTIVE) invoice or order to collect',
		},
		phoneField('payerPhone', 'Payer Phone', "The payer's mobile-money"),
		currencyField("payer's wallet (what the payer pays in)"),
		methodField(),
	],
	additionalFields: [
		accountNameField("the payer's"),
		countryCodeField,
		idField(
			'Party ID',
			'partyId',
			"The payer's party ID; not set: the party of the invoice's or order's counterparty (read with one request)",
		),
		idField(
			'Payment Account ID',
			'paymentAccountId',
			"Reuse this payer's payment account (e.g. payment_account_id of an earlier output) instead of creating one",
		),
		providerField,
	],
	read(itemIndex) {
		const p = parameter(this, itemIndex);
		const more = p('additionalFields', {}) as IDataObject;
		const source = {
			source_type: sourceType('Source Type', p('sourceType')),
			source_id: requiredPositiveInteger('Source ID', p('sourceId')),
		};
		const payerCurrency = currency('Currency', p('currency', ''), true) as string;
		const accountId = optionalId('Payment Account ID', more.paymentAccountId);
		const partyId = optionalId('Party ID', more.partyId);
		const account =
			accountId !== undefined
				? { id: accountId }
				: readAccountFields(
						{ operationType: 'COLLECTION', phone: p('payerPhone', ''), phoneField: 'Payer Phone', method: p('method'), ...more },
						partyId !== undefined ? { partyId } : { partyFromDocument: { sourceType: source.source_type, sourceId: source.source_id } },
					);
		return { account, session: () => source, execution: { currency: payerCurrency } };
	},
};

export const PAYOUT: MoneyFlow = {
	resource: 'payout',
	label: 'Payout',
	noun: 'payout',
	operationType: 'PAYOUT',
	type: 'payout',
	sessionPath: '/v1/sessions/payout',
	accountKey: 'payout_account_id',
	moneyOut: true,
	passcode: true,
	referenceRequired: true,
	create: {
		name: 'Send',
		action: 'Send a payout',
		description:
			"Pay a person's mobile-money wallet from your Dollr wallet (a supplier, an employee). Needs Allow Money Out and the passcode in the credential.",
	},
	fields: [
		{
			displayName: 'Party ID',
			name: 'partyId',
			type: 'number',
			default: 0,
			required: true,
			description: "The beneficiary's party ID in Dollr (Party › Create or Get gives it)",
		},
		phoneField('phone', 'Phone', "The beneficiary's mobile-money wallet"),
		methodField(),
		amountField('What the beneficiary receives'),
		currencyField('payout'),
	],
	additionalFields: [
		accountNameField("the beneficiary's"),
		countryCodeField,
		idField(
			'Payout Account ID',
			'payoutAccountId',
			"Reuse this beneficiary's payout account (e.g. payout_account_id of an earlier output) instead of creating one",
		),
		providerField,
	],
	read(itemIndex) {
		const p = parameter(this, itemIndex);
		const more = p('additionalFields', {}) as IDataObject;
		const partyId = requiredPositiveInteger('Party ID', p('partyId'));
		const value = amount('Amount', p('amount'));
		const code = currency('Currency', p('currency', ''), true) as string;
		const accountId = optionalId('Payout Account ID', more.payoutAccountId);
		const account =
			accountId !== undefined
				? { id: accountId }
				: readAccountFields({ operationType: 'PAYOUT', phone: p('phone', ''), phoneField: 'Phone', method: p('method'), ...more }, { partyId });
		return {
			amount: value,
			account,
			session: (payoutAccountId) => ({ payout_account_id: payoutAccountId, amount: value, currency: code }),
			execution: {},
		};
	},
};

export const TRANSFER: MoneyFlow = {
	resource: 'transfer',
	label: 'Transfer',
	noun: 'transfer',
	operationType: 'TRANSFER',
	type: 'transfer',
	sessionPath: '/v1/sessions/transfer',
	moneyOut: true,
	passcode: false,
	referenceRequired: true,
	create: {
		name: 'Create',
		action: 'Transfer funds to a counterparty',
		description: 'Move funds from your Dollr wallet to a counterparty. Needs Allow Money Out in the credential.',
	},
	fields: [
		{
			displayName: 'From Wallet ID',
			name: 'fromWalletId',
			type: 'number',
			default: 0,
			required: true,
			description: 'Your Dollr wallet to debit: its ID from the merchant portal (or wallet_id of a payout session)',
		},
		{ ...counterpartyLocator, description: 'Who receives the funds: the counterparty, picked by name or by ID' },
		amountField('What the counterparty receives'),
		currencyField('transfer'),
	],
	additionalFields: [expiresAtField],
	read(itemIndex) {
		const p = parameter(this, itemIndex);
		const more = p('additionalFields', {}) as IDataObject;
		const fromWalletId = requiredPositiveInteger('From Wallet ID', p('fromWalletId'));
		const toCounterpartyId = counterpartyId(this, itemIndex);
		const value = amount('Amount', p('amount'));
		const code = currency('Currency', p('currency', ''), true) as string;
		const expiry = expiresAt(this, more.expiresAt);
		return {
			amount: value,
			session: () => ({
				from_wallet_id: fromWalletId,
				to_counterparty_id: toCounterpartyId,
				amount: value,
				currency: code,
				expires_at: expiry(),
			}),
			execution: {},
		};
	},
};

export const REFUND: MoneyFlow = {
	resource: 'refund',
	label: 'Refund',
	noun: 'refund',
	operationType: 'REFUND',
	type: 'refund',
	sessionPath: '/v1/sessions/refund',
	moneyOut: true,
	passcode: false,
	referenceRequired: true,
	create: {
		name: 'Create',
		action: 'Refund a payment',
		description: 'Refund all or part of a completed collection. Needs Allow Money Out in the credential.',
	},
	fields: [
		{
			displayName: 'Original Payment Intent ID',
			name: 'originalPaymentIntentId',
			type: 'number',
			default: 0,
			required: true,
			description: "The payment intent of the collection to refund, from the Dollr merchant portal",
		},
		amountField('What to refund (at most what is left of the payment)'),
	],
	additionalFields: [
		expiresAtField,
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			placeholder: 'e.g. Order canceled by the customer',
			description: 'Why the payment is refunded',
		},
	],
	read(itemIndex) {
		const p = parameter(this, itemIndex);
		const more = p('additionalFields', {}) as IDataObject;
		const intentId = requiredPositiveInteger('Original Payment Intent ID', p('originalPaymentIntentId'));
		const value = amount('Amount', p('amount'));
		const reason = text('Reason', more.reason, false);
		const expiry = expiresAt(this, more.expiresAt);
		return {
			amount: value,
			session: () => ({
				original_payment_intent_id: intentId,
				amount: value,
				expires_at: expiry(),
				...(reason !== undefined ? { reason } : {}),
			}),
			execution: {},
		};
	},
};

export const FLOWS = [COLLECTION, PAYOUT, TRANSFER, REFUND];

/** The Create fields in the order the issue lists them: fields, Reference ID, Additional Fields. */
export function createProperties(flow: MoneyFlow): INodeProperties[] {
	return [
		...flow.fields,
		referenceIdField(flow.noun, flow.referenceRequired),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: flow.additionalFields,
		},
	];
}
