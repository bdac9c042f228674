import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listQuery } from '../../helpers/document-body';
import type { TransportSettings } from '../../transport';
import { getMany, getManyProperties } from '../getMany';
import { relationshipTypeField } from './fields';

export const option = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many counterparties',
	description: "List counterparties, optionally by their party's name or relationship type",
};

export const properties: INodeProperties[] = getManyProperties('counterparties', [
	{
		displayName: 'Full Name',
		name: 'fullname',
		type: 'string',
		default: '',
		placeholder: 'e.g. Kamara',
		description: "Only counterparties whose party's name contains this text",
	},
	relationshipTypeField(false),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = listQuery(filters, ['fullname', 'relationshipType']);
	return await getMany.call(this, itemIndex, '/v1/counterparties/list', qs, transport);
}
