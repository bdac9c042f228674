import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCounterpartyBody } from '../../helpers/document-body';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { partyIdField, relationshipTypeField } from './fields';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a counterparty',
	description: 'Link a party to your business with a relationship type, to bill it',
};

export const properties: INodeProperties[] = [
	relationshipTypeField(true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [partyIdField],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const body = buildCounterpartyBody(
		this.getNodeParameter('relationshipType', itemIndex, ''),
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'POST', path: '/v1/counterparties/create', body, idempotent: false, creates: 'counterparty' },
		transport,
	);
}
