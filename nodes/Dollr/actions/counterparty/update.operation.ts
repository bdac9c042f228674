import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCounterpartyUpdateBody } from '../../helpers/document-body';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { counterpartyId, counterpartyLocator } from '../locators';
import { partyIdField, relationshipTypeField } from './fields';

export const option = {
	name: 'Update',
	value: 'update',
	action: 'Update a counterparty',
	description: 'Change the relationship type or the party of a counterparty',
};

export const properties: INodeProperties[] = [
	counterpartyLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [partyIdField, relationshipTypeField(false)],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const body = buildCounterpartyUpdateBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	const id = counterpartyId(this, itemIndex);
	// Setting the same fields again changes nothing: retried like a GET.
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'PUT', path: `/v1/counterparties/update/${id}`, body, idempotent: true },
		transport,
	);
}
