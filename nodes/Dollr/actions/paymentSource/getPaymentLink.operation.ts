import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dollrApiRequest, type TransportSettings } from '../../transport';
import { sourceNumberField, sourceQuery, sourceTypeField } from './fields';

export const option = {
	name: 'Get Payment Link',
	value: 'getPaymentLink',
	action: 'Get the payment link of an invoice or order',
	description: 'Get the link where the payer pays an invoice or order, e.g. to send it again',
};

export const properties: INodeProperties[] = [sourceTypeField, sourceNumberField];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const qs = sourceQuery.call(this, itemIndex, 'number');
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'GET', path: '/v1/links/pay', qs, idempotent: true },
		transport,
	);
}
