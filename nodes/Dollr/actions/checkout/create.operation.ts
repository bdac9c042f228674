import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCheckoutBody, lineItemsFromJson, PARTY_RELATIONSHIPS } from '../../helpers/checkout-body';
import { nodeParameter } from '../../helpers/parameters';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { toNodeError } from '../errors';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a checkout',
	description: 'Create a hosted checkout (invoice or order) and get its payment link',
};

function titleCase(value: string): string {
	return value
		.split('_')
		.map((word) => word.charAt(0) + word.slice(1).toLowerCase())
		.join(' ');
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Hosted',
				value: 'HOSTED',
				description: 'A Dollr-hosted payment page for mobile money and card',
			},
		],
		default: 'HOSTED',
		required: true,
		description: 'How the payer pays. Use an expression for a mode Dollr gave you that is not listed.',
	},
	{
		displayName: 'Source Kind',
		name: 'sourceKind',
		type: 'options',
		options: [
			{ name: 'Invoice', value: 'INVOICE' },
			{ name: 'Order', value: 'ORDER' },
		],
		default: 'INVOICE',
		required: true,
		description: 'Whether Dollr creates an invoice or an order for this checkout',
	},
	{
		displayName: 'Party Phone',
		name: 'partyPhone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 231771234567',
		description:
			"The payer's phone number in international format, 8-15 digits. A leading '+', spaces and dashes are removed.",
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. USD',
		description: 'Three-letter ISO 4217 code of the checkout, e.g. USD, LRD or RWF',
	},
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
		description: 'How to give the line items',
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
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Consulting, November',
						description: 'What the payer is paying for',
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'number',
						typeOptions: { minValue: 0.01, numberPrecision: 2 },
						default: 0,
						description: 'Price in major units (250 means 250.00), at least 0.01',
					},
					{
						displayName: 'Currency',
						name: 'currency',
						type: 'string',
						default: '',
						placeholder: 'e.g. USD',
						description: "Three-letter code of this line; leave empty to use the checkout's currency",
					},
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
		placeholder: '[{"name": "Consulting", "amount": 250, "currency": "USD"}]',
		description:
			'A list of line items, each with a name, an amount and an optional currency. An expression that returns a list works too.',
		displayOptions: { show: { itemsInput: ['json'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Cancel URL',
				name: 'cancelUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/cart',
				description: 'Where Dollr sends the payer who cancels',
			},
			{
				displayName: 'Counterparty ID',
				name: 'counterpartyId',
				type: 'number',
				default: 0,
				description: 'ID of an existing Dollr counterparty to bill',
			},
			{
				displayName: 'Due Date',
				name: 'dueDate',
				type: 'dateTime',
				default: '',
				description: 'When the invoice is due; sent as ISO 8601',
			},
			{
				displayName: 'Expires At',
				name: 'expiresAt',
				type: 'dateTime',
				default: '',
				description: 'When the checkout link stops working; sent as ISO 8601',
			},
			{
				displayName: 'Note',
				name: 'note',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'A note shown with the invoice or order',
			},
			{
				displayName: 'Party Email',
				name: 'partyEmail',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: "The payer's email address",
			},
			{
				displayName: 'Party Name',
				name: 'partyName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Comfort Kollie',
				description: "The payer's name",
			},
			{
				displayName: 'Party Relationship',
				name: 'partyRelationship',
				type: 'options',
				options: PARTY_RELATIONSHIPS.map((value) => ({ name: titleCase(value), value })),
				default: 'CUSTOMER',
				description: 'How the payer relates to your business',
			},
			{
				displayName: 'Reference ID',
				name: 'referenceId',
				type: 'string',
				default: '',
				placeholder: 'e.g. order-1042',
				description:
					'Your own reference for this checkout, e.g. an order number. Dollr does not use it to prevent duplicates.',
			},
			{
				displayName: 'Success URL',
				name: 'successUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/thanks',
				description:
					'Where Dollr sends the payer after paying. Do not treat a visit as proof of payment: check the status.',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const parameter = (name: string, fallback?: unknown) => nodeParameter(this, name, itemIndex, fallback);
	const itemsInput = parameter('itemsInput', 'defineBelow') as string;
	let body: IDataObject;
	try {
		body = buildCheckoutBody(
			{
				mode: parameter('mode'),
				sourceKind: parameter('sourceKind'),
				partyPhone: parameter('partyPhone', ''),
				currency: parameter('currency', ''),
				lineItems: itemsInput === 'json' ? lineItemsFromJson(parameter('itemsJson', '')) : (parameter('items.item', []) as unknown[]),
				additionalFields: parameter('additionalFields', {}) as IDataObject,
			},
			this.getTimezone(),
		);
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'POST', path: '/v1/checkouts/create', body, idempotent: false },
		transport,
	);
}
