import type { INodeProperties } from 'n8n-workflow';

import { idField, merchantTypeField } from '../pricing/fields';
import { readOnlyGet } from '../pricing/request';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a merchant',
	description: "Get a merchant's name, type, email and phone by its ID and type",
};

export const properties: INodeProperties[] = [
	idField('merchantId', 'Merchant ID', "The merchant's numeric ID from the Dollr merchant portal (Settings › Business)"),
	merchantTypeField,
];

export const execute = readOnlyGet('/v1/merchants/merchant-info', [
	{ name: 'merchant_id', field: 'merchantId' },
	{ name: 'merchant_type', field: 'merchantType' },
]);
