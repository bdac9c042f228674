import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCheckoutBody, PARTY_RELATIONSHIPS } from '../../helpers/checkout-body';
import { nodeParameter } from '../../helpers/parameters';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { kindOfSource } from '../document/kinds';
import { documentExists, documentList, reuseDocument } from '../document/reuse';
import { toNodeError } from '../errors';
import { createOnce, type OnExisting, readOnExisting } from '../existing';
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
					'Your own reference for this checkout, e.g. an order number. Dollr does not use it to prevent duplicates; the node does with Options › If Already in Dollr.',
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
	let body: IDataObject;
	let onExisting: OnExisting;
	try {
		body = buildCheckoutBody(
			{
				mode: parameter('mode'),
				sourceKind: parameter('sourceKind'),
				partyPhone: parameter('partyPhone', ''),
				currency: parameter('currency', ''),
				lineItems: readLineItems(this, itemIndex),
				additionalFields: parameter('additionalFields', {}) as IDataObject,
			},
			this.getTimezone(),
		);
		onExisting = readOnExisting(this, itemIndex);
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	const kind = kindOfSource(String(body.source_kind));
	const reference = body.reference_id as string | undefined;
	return await createOnce(this, itemIndex, transport, {
		onExisting,
		list: documentList(kind),
		key: reference,
		keyField: 'Additional Fields › Reference ID',
		keyHint: `Set a Reference ID that names the row, e.g. its order number: it is how a run finds the checkout's ${kind.noun} an earlier run made.`,
		create: async (remember) => {
			const checkout = await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: '/v1/checkouts/create', body, idempotent: false, creates: 'checkout' },
				transport,
			);
			// As the invoices / orders list holds it.
			remember({ id: checkout.source_id, [kind.numberKey]: checkout.source_number, status: checkout.source_status ?? 'ACTIVE', reference_id: reference });
			return checkout;
		},
		exists: (entry) => documentExists(this, itemIndex, kind, entry, reference!),
		reuse: async (entry) => {
			// A draft with this Reference ID (e.g. from Invoice › Create) is finished as a checkout would be: its lines at qty 1, published.
			const lines = (body.items as IDataObject[]).map(({ name, amount, currency }) => ({ name, qty: 1, amount, currency }));
			const document = await reuseDocument.call(this, itemIndex, kind, entry, reference!, lines, true, transport);
			const status = String(document.status);
			// Dollr gives the pay link of a published source; a PAID one has nothing left to pay.
			const payable = status === 'ACTIVE' || status === 'PROCESSING';
			const link = payable
				? await dollrApiRequest.call(
						this,
						itemIndex,
						{ method: 'GET', path: '/v1/links/pay', qs: { source_type: kind.resource.toUpperCase(), source_number: document[kind.numberKey] }, idempotent: true },
						transport,
					)
				: {};
			return {
				...document,
				source_type: kind.resource.toUpperCase(),
				source_id: document.id,
				source_number: document[kind.numberKey],
				source_status: status,
				url: link.url ?? null,
			};
		},
	});
}
