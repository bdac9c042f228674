import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredPositiveInteger } from '../../helpers/validation';
import { dollrApiRequest, type TransportSettings } from '../../transport';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a party',
	description: 'Get a party by its ID',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Party ID',
		name: 'partyId',
		type: 'number',
		default: 0,
		required: true,
		description: "The party's numeric ID, e.g. the ID from Create Party, mapped with an expression",
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const id = requiredPositiveInteger('Party ID', this.getNodeParameter('partyId', itemIndex));
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'GET', path: `/v1/parties/retrieve/${id}`, idempotent: true },
		transport,
	);
}
