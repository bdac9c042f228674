import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listQuery } from '../../helpers/document-body';
import type { TransportSettings } from '../../transport';
import { getMany, getManyProperties } from '../getMany';

export const option = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many parties',
	description: 'List parties, optionally those whose name contains a text',
};

export const properties: INodeProperties[] = getManyProperties('parties', [
	{
		displayName: 'Full Name',
		name: 'fullname',
		type: 'string',
		default: '',
		placeholder: 'e.g. Kamara',
		description: 'Only parties whose name contains this text',
	},
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject[]> {
	const qs = listQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, ['fullname']);
	return await getMany.call(this, itemIndex, '/v1/parties/list', qs, transport);
}
