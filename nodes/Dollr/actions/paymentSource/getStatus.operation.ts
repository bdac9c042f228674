import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dollrApiRequest, type TransportSettings } from '../../transport';
import { sourceIdField, sourceQuery, sourceTypeField } from './fields';

export const option = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get the payment status of an invoice or order',
	description:
		'Ask Dollr whether an invoice or order is paid (status IDLE, ACTIVE, PROCESSING, PAID or CANCELED). Fulfil only on PAID.',
};

export const properties: INodeProperties[] = [sourceTypeField, sourceIdField];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const qs = sourceQuery.call(this, itemIndex, 'id');
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'GET', path: '/v1/status/source', qs, idempotent: true },
		transport,
	);
}
