import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCheckoutBody, PARTY_RELATIONSHIPS } from '../../helpers/checkout-body';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { toNodeError } from '../errors';
import { currencyField, phoneField } from '../fields';
import { lineItemProperties, readLineItems } from '../lineItems';
import { apiOptions } from '../options';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a checkout',
	description: 'Create a hosted checkout (invoice or order) and get its payment link',
};

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
	phoneField('partyPhone', 'Party Phone', "The payer's"),
	currencyField('checkout'),
	...lineItemProperties('checkout', false),
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
				options: apiOptions(PARTY_RELATIONSHIPS),
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
	let body: IDataObject;
	try {
		body = buildCheckoutBody(
			{
				mode: this.getNodeParameter('mode', itemIndex),
				sourceKind: this.getNodeParameter('sourceKind', itemIndex),
				partyPhone: this.getNodeParameter('partyPhone', itemIndex, ''),
				currency: this.getNodeParameter('currency', itemIndex, ''),
				lineItems: readLineItems(this, itemIndex),
				additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
			},
			this.getTimezone(),
		);
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'POST', path: '/v1/checkouts/create', body, idempotent: false, creates: 'checkout' },
		transport,
	);
}
