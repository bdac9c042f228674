import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { boolean, positiveInteger } from '../helpers/validation';
import { dollrApiRequestList, type TransportSettings } from '../transport';

/** Return All, Limit (default 50) and the resource's Filters collection, as Get Many shows them. */
export function getManyProperties(plural: string, filters: INodeProperties[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: `Dollr filters the ${plural} it lists by these`,
			options: filters,
		},
	];
}

/**
 * One list call (Dollr's lists are one JSON array, not paginated): every element
 * with Return All, else the first Limit. One output item per element.
 */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	transport: TransportSettings,
): Promise<IDataObject[]> {
	const returnAll = boolean('Return All', this.getNodeParameter('returnAll', itemIndex, false), false);
	const limit = returnAll
		? undefined
		: (positiveInteger('Limit', this.getNodeParameter('limit', itemIndex, 50)) ?? 50);
	const list = await dollrApiRequestList.call(this, itemIndex, { method: 'GET', path, qs, idempotent: true }, transport);
	return limit === undefined ? list : list.slice(0, limit);
}
