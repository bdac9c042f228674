import type { INodeProperties } from 'n8n-workflow';

import { FEE_BEARERS } from '../../helpers/document-body';
import { apiOptions } from '../options';
import type { DocumentKind } from './kinds';

/** Fields that several invoice / order operations show. */

export function feeBearerField(kind: DocumentKind, required: boolean): INodeProperties {
	return {
		displayName: 'Fee Bearer',
		name: 'feeBearer',
		type: 'options',
		options: apiOptions(FEE_BEARERS),
		default: 'PAYEE',
		...(required ? { required: true } : {}),
		description: `Who pays Dollr's fees on this ${kind.noun}: the payer (added to what they pay) or the payee (your business)`,
	};
}

export function noteField(kind: DocumentKind, required: boolean): INodeProperties {
	return {
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		...(required ? { required: true } : {}),
		placeholder: 'e.g. Market goods, order 1042',
		description: `A note shown with the ${kind.noun}`,
	};
}

export function referenceIdField(kind: DocumentKind): INodeProperties {
	return {
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. order-1042',
		description: `Your own reference for this ${kind.noun}, e.g. the row's order number. Dollr does not use it to prevent duplicates; the node does with Options › If Already in Dollr.`,
	};
}

/** Due Date for invoices; nothing for orders. */
export function dueDateFields(kind: DocumentKind): INodeProperties[] {
	return kind.hasDueDate
		? [
				{
					displayName: 'Due Date',
					name: 'dueDate',
					type: 'dateTime',
					default: '',
					description: 'When the invoice is due; sent as ISO 8601',
				},
			]
		: [];
}

export function itemIdField(kind: DocumentKind): INodeProperties {
	return {
		displayName: 'Item ID',
		name: 'itemId',
		type: 'number',
		default: 0,
		required: true,
		description: `The numeric ID of the line item, e.g. from Add Item's ID or the ${kind.noun}'s items in Get`,
	};
}
