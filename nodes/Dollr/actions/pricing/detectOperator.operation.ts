import type { INodeProperties } from 'n8n-workflow';

import { phoneField } from '../fields';
import { operationTypeField } from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Detect Operator',
	value: 'detectOperator',
	action: 'Detect the mobile-money operator of a phone number',
	description:
		"Ask Dollr which mobile-money operator a phone number belongs to: its payment_method, gateway_provider, country and currencies, to use as a payment account's method and provider",
};

export const properties: INodeProperties[] = [
	phoneField('phone', 'Phone', 'The mobile-money'),
	operationTypeField('What the number is for: Collection to take a payment from it, Payout to pay it'),
];

export const execute = readOnlyGet('/v1/predictions/mmo-provider-info', [
	{ name: 'phone', field: 'phone' },
	{ name: 'operation_type', field: 'operationType' },
]);
