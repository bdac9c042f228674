import type { INodeProperties } from 'n8n-workflow';

import { operationTypeField } from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Get Platform Fees',
	value: 'getPlatformFees',
	action: "Get Dollr's platform fees of a fee tier",
	description:
		"Get Dollr's own fee for an operation type in a fee tier: percentage and fx_percentage (as decimal text) and any fixed fee",
};

export const properties: INodeProperties[] = [
	operationTypeField('The kind of money movement the fees are for'),
	{
		displayName: 'Fee Tier Name',
		name: 'feeTierName',
		type: 'string',
		default: 'default',
		required: true,
		placeholder: 'e.g. default',
		description:
			"The fee tier's name, as Get Fee Tiers lists them or Get Fee Tier gives a merchant's (tier.name). New merchants are often on 'default'.",
	},
];

export const execute = readOnlyGet('/v1/fees/platform', [
	{ name: 'operation_type', field: 'operationType' },
	{ name: 'fee_tier_name', field: 'feeTierName' },
]);
