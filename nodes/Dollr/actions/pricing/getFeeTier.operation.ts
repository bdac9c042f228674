import type { INodeProperties } from 'n8n-workflow';

import { ownerIdField, ownerTypeField } from './fields';
import { readOnlyGet } from './request';

export const option = {
	name: 'Get Fee Tier',
	value: 'getFeeTier',
	action: "Get a merchant's fee tier",
	description: "Get the fee tier assigned to a merchant (tier.name is what Get Platform Fees takes) and when it was assigned",
};

export const properties: INodeProperties[] = [ownerTypeField(true), ownerIdField(true)];

export const execute = readOnlyGet('/v1/fees/merchant-tier', [
	{ name: 'owner_type', field: 'ownerType' },
	{ name: 'owner_id', field: 'ownerId' },
]);
