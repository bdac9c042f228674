import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dollrApiRequest, dollrError, type TransportSettings } from '../../transport';
import { sourceNumberField, sourceQuery, sourceTypeField } from './fields';

export const option = {
	name: 'Get Receipt Link',
	value: 'getReceiptLink',
	action: 'Get the receipt link of a paid invoice or order',
	description: 'Get the link to the receipt of an invoice or order; Dollr has one once the source is PAID',
};

export const properties: INodeProperties[] = [sourceTypeField, sourceNumberField];

/** 4xx answers the transport already explains better: credentials, merchant account, rate limit. */
const NOT_ABOUT_THE_SOURCE = ['401', '403', '429'];

/**
 * Dollr documents the receipt link only for PAID sources, not the error it
 * gives before; so any other 4xx here is explained as "not paid yet".
 */
function notPaidYet(this: IExecuteFunctions, error: unknown, itemIndex: number, type: string): Error | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const code = error.httpCode ?? '';
	if (!/^4\d\d$/.test(code) || NOT_ABOUT_THE_SOURCE.includes(code)) return undefined;
	const what = type === 'ORDER' ? 'order' : 'invoice';
	const message = `The receipt is available once the ${what} is PAID; check its status with Get Status [item ${itemIndex}]`;
	const description = `Dollr refused the receipt link with HTTP ${code}. If Get Status says PAID, check the Source Type and Source Number.`;
	return dollrError(this, { message, description, httpCode: code, itemIndex });
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const qs = sourceQuery.call(this, itemIndex, 'number');
	try {
		return await dollrApiRequest.call(
			this,
			itemIndex,
			{ method: 'GET', path: '/v1/links/receipt', qs, idempotent: true },
			transport,
		);
	} catch (error) {
		throw notPaidYet.call(this, error, itemIndex, String(qs.source_type)) ?? error;
	}
}
