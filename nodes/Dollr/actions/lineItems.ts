import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lineItemsFromJson } from '../helpers/checkout-body';
import { nodeParameter } from '../helpers/parameters';
import { lineFields } from './fields';

/**
 * The line item fields of Create Checkout and of Create Invoice / Order:
 * Items Input, Items (Name, Qty for documents, Amount, Currency) and Items (JSON).
 * `owner` is what an empty line currency falls back to ("checkout", "invoice").
 */
export function lineItemProperties(owner: string, withQty: boolean): INodeProperties[] {
	const example = withQty
		? '[{"name": "Consulting", "qty": 2, "amount": 250, "currency": "USD"}]'
		: '[{"name": "Consulting", "amount": 250, "currency": "USD"}]';
	return [
		{
			displayName: 'Items Input',
			name: 'itemsInput',
			type: 'options',
			options: [
				{
					name: 'Define Below',
					value: 'defineBelow',
					description: 'Enter each line item in the fields below',
				},
				{
					name: 'Using JSON',
					value: 'json',
					description: 'Pass a list of line items, e.g. from an earlier step',
				},
			],
			default: 'defineBelow',
			description: 'How to enter the line items: field by field, or as one JSON list',
		},
		{
			displayName: 'Items',
			name: 'items',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line Item',
			default: {},
			required: true,
			displayOptions: { show: { itemsInput: ['defineBelow'] } },
			options: [
				{
					name: 'item',
					displayName: 'Line Item',
					values: [
						lineFields.name(),
						...(withQty ? [lineFields.qty()] : []),
						lineFields.amount(withQty),
						lineFields.currency(owner),
					],
				},
			],
		},
		{
			displayName: 'Items (JSON)',
			name: 'itemsJson',
			type: 'json',
			default: '',
			required: true,
			placeholder: example,
			description: `A list of line items, each with a name${withQty ? ', a qty' : ''}, an amount and an optional currency. An expression that returns a list works too.`,
			displayOptions: { show: { itemsInput: ['json'] } },
		},
	];
}

/** The line items of one input item, as given in the fields above (not yet checked). */
export function readLineItems(context: IExecuteFunctions, itemIndex: number): unknown[] {
	const itemsInput = nodeParameter(context, 'itemsInput', itemIndex, 'defineBelow') as string;
	return itemsInput === 'json'
		? lineItemsFromJson(nodeParameter(context, 'itemsJson', itemIndex, ''))
		: (nodeParameter(context, 'items.item', itemIndex, []) as IDataObject[]);
}
