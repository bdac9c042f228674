import type { INodeProperties } from 'n8n-workflow';

import { operationTypeField, paymentMethodField } from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Get Gateway Fees',
	value: 'getGatewayFees',
	action: 'Get the gateway fees of a payment method',
	description:
		'Get what the payment gateway (e.g. PawaPay, Stripe) charges for a payment method and operation type: percentage (a number) and any fixed fee',
};

export const properties: INodeProperties[] = [
	paymentMethodField('The payment method whose gateway fees to get'),
	operationTypeField('The kind of money movement the fees are for'),
];

export const execute = readOnlyGet('/v1/fees/gateway', [
	{ name: 'payment_method', field: 'paymentMethod' },
	{ name: 'operation_type', field: 'operationType' },
]);
