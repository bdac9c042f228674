import type { INodeProperties } from 'n8n-workflow';

import { sourceIdField, sourceTypeField } from '../paymentSource/fields';
import { currencyCodeField, paymentMethodField, providerField } from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Quote Document',
	value: 'quoteDocument',
	action: 'Quote what the payer pays for an invoice or order',
	description:
		"Ask Dollr what paying a published (ACTIVE) invoice or order costs with a payment method: its total and fee bearer are the document's. Moves no money.",
};

export const properties: INodeProperties[] = [
	sourceTypeField,
	sourceIdField,
	currencyCodeField('targetCurrency', 'Target Currency', "The payer's currency: what they will pay in"),
	paymentMethodField('How the payer pays'),
	providerField(),
];

export const execute = readOnlyGet('/v1/predictions/payment-source/amount-and-fees', [
	{ name: 'source_type', field: 'sourceType' },
	{ name: 'source_id', field: 'sourceId' },
	{ name: 'target_currency', field: 'targetCurrency' },
	{ name: 'payment_method', field: 'paymentMethod' },
	{ name: 'provider', field: 'provider' },
]);
