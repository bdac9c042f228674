import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredPositiveInteger, sourceType, text } from '../../helpers/validation';
import { nodeParameter } from '../../helpers/parameters';
import { toNodeError } from '../errors';

/** The fields the Payment Source operations share, named as in the issue. */
export const sourceTypeField: INodeProperties = {
	displayName: 'Source Type',
	name: 'sourceType',
	type: 'options',
	options: [
		{ name: 'Invoice', value: 'INVOICE' },
		{ name: 'Order', value: 'ORDER' },
	],
	default: 'INVOICE',
	required: true,
	description: "Whether it is an invoice or an order (after Create Checkout: its Source Kind, source_type in the output)",
};

export const sourceIdField: INodeProperties = {
	displayName: 'Source ID',
	name: 'sourceId',
	type: 'number',
	default: 0,
	required: true,
	description: "The invoice's or order's numeric ID, e.g. source_id from Create Checkout, mapped with an expression",
};

export const sourceNumberField: INodeProperties = {
	displayName: 'Source Number',
	name: 'sourceNumber',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. INV-2025-0042',
	description: "The invoice's or order's number, e.g. source_number from Create Checkout, mapped with an expression",
};

/**
 * The validated query of one item: `source_type` plus `source_id` or
 * `source_number`, as the status and link endpoints take them.
 */
export function sourceQuery(this: IExecuteFunctions, itemIndex: number, by: 'id' | 'number'): IDataObject {
	try {
		const type = sourceType('Source Type', nodeParameter(this, 'sourceType', itemIndex));
		return by === 'id'
			? { source_type: type, source_id: requiredPositiveInteger('Source ID', nodeParameter(this, 'sourceId', itemIndex)) }
			: { source_type: type, source_number: text('Source Number', nodeParameter(this, 'sourceNumber', itemIndex), true) };
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
}
