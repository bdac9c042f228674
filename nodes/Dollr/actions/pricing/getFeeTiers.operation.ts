import type { INodeProperties } from 'n8n-workflow';

import { readOnlyGet } from './request';

export const option = {
	name: 'Get Fee Tiers',
	value: 'getFeeTiers',
	action: 'Get all fee tiers',
	description: "List Dollr's platform fee tiers (name, is_default), one output item per tier",
};

export const properties: INodeProperties[] = [];

export const execute = readOnlyGet('/v1/fees/tiers', [], { list: true });
