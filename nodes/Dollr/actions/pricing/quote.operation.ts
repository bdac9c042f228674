import type { INodeProperties } from 'n8n-workflow';

import { bothOrNeither } from '../../helpers/pricing-query';
import {
	currencyCodeField,
	feeBearerField,
	operationTypeField,
	ownerIdField,
	ownerTypeField,
	paymentMethodField,
	providerField,
} from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Quote',
	value: 'quote',
	action: 'Quote the amount and fees of a payment',
	description:
		'Ask Dollr what a payment costs before making it: what the payer pays in their currency, what the payee receives, and the platform, FX and gateway fees (amounts as decimal text). Moves no money.',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Base Amount',
		name: 'baseAmount',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		required: true,
		description: "The amount to price, in Base Currency's main unit (250 means 250.00), at least 0.01",
	},
	currencyCodeField('baseCurrency', 'Base Currency', 'The currency of Base Amount, e.g. the currency of your price'),
	currencyCodeField('targetCurrency', 'Target Currency', "The payer's currency: what they will pay in"),
	paymentMethodField(),
	operationTypeField('What kind of money movement to price: Collection for a payment you receive'),
	providerField(),
	feeBearerField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: "Price with one merchant's fee tier (both fields) instead of the default tier",
		options: [ownerIdField(false), ownerTypeField(false)],
	},
];

export const execute = readOnlyGet(
	'/v1/predictions/amount-and-fees',
	[
		{ name: 'base_amount', field: 'baseAmount' },
		{ name: 'base_currency', field: 'baseCurrency' },
		{ name: 'target_currency', field: 'targetCurrency' },
		{ name: 'payment_method', field: 'paymentMethod' },
		{ name: 'operation_type', field: 'operationType' },
		{ name: 'provider', field: 'provider' },
		{ name: 'fee_bearer', field: 'feeBearer' },
		{ name: 'owner_type', field: 'additionalFields.ownerType', optional: true },
		{ name: 'owner_id', field: 'additionalFields.ownerId', optional: true },
	],
	{ check: (qs) => bothOrNeither(qs, 'owner_type', 'owner_id') },
);
