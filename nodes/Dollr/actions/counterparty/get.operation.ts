import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dollrApiRequest, type TransportSettings } from '../../transport';
import { counterpartyId, counterpartyLocator } from '../locators';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a counterparty',
	description: 'Get a counterparty with its party',
};

export const properties: INodeProperties[] = [counterpartyLocator];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const id = counterpartyId(this, itemIndex);
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'GET', path: `/v1/counterparties/retrieve/${id}`, idempotent: true },
		transport,
	);
}
