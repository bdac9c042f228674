import type { IDataObject } from 'n8n-workflow';

import {
	amount,
	currency,
	dateTime,
	describe,
	email,
	FieldError,
	httpUrl,
	positiveInteger,
	phone,
	quantity,
	sourceType,
	text,
} from './validation';

export const PARTY_RELATIONSHIPS = [
	'BENEFICIARY',
	'CONTACT',
	'CUSTOMER',
	'DONEE',
	'DONOR',
	'EMPLOYEE',
	'FAMILY',
	'FRIEND',
	'PARTNER',
	'SELF',
	'SERVICE_PROVIDER',
	'SUPPLIER',
] as const;

/** The Create Checkout parameters as n8n resolved them for one item. */
export interface CheckoutParameters {
	mode: unknown;
	sourceKind: unknown;
	partyPhone: unknown;
	currency: unknown;
	lineItems: unknown[];
	additionalFields: IDataObject;
}

type Parse = (field: string, value: unknown, timezone: string) => unknown;

/** An optional field: parameter name → body key, label in messages, and rule. */
export interface OptionalField {
	name: string;
	key: string;
	label: string;
	parse: Parse;
}

/** Adds to `body` each field of `specs` that `values` holds, checked; unset ones stay out. */
export function setOptionalFields(body: IDataObject, specs: OptionalField[], values: IDataObject, timezone: string): IDataObject {
	for (const { name, key, label, parse } of specs) {
		const value = parse(label, values[name], timezone);
		if (value !== undefined) body[key] = value as IDataObject[string];
	}
	return body;
}

/** Additional Fields of Create Checkout. */
const OPTIONAL_FIELDS: OptionalField[] = [
	{ name: 'partyName', key: 'party_name', label: 'Party Name', parse: (f, v) => text(f, v, false) },
	{ name: 'partyEmail', key: 'party_email', label: 'Party Email', parse: email },
	{ name: 'partyRelationship', key: 'party_relationship', label: 'Party Relationship', parse: relationship },
	{ name: 'referenceId', key: 'reference_id', label: 'Reference ID', parse: (f, v) => text(f, v, false) },
	{ name: 'note', key: 'note', label: 'Note', parse: (f, v) => text(f, v, false) },
	{ name: 'dueDate', key: 'due_date', label: 'Due Date', parse: dateTime },
	{ name: 'expiresAt', key: 'expires_at', label: 'Expires At', parse: dateTime },
	{ name: 'successUrl', key: 'success_url', label: 'Success URL', parse: httpUrl },
	{ name: 'cancelUrl', key: 'cancel_url', label: 'Cancel URL', parse: httpUrl },
	{ name: 'counterpartyId', key: 'counterparty_id', label: 'Counterparty ID', parse: positiveInteger },
];

/** The label of each Create Checkout body key, for messages about Dollr's 422 answers. */
export const BODY_FIELD_LABELS: Record<string, string> = {
	mode: 'Mode',
	source_kind: 'Source Kind',
	party_phone: 'Party Phone',
	currency: 'Currency',
	items: 'Items',
	name: 'Name',
	amount: 'Amount',
	qty: 'Qty',
	...Object.fromEntries(OPTIONAL_FIELDS.map(({ key, label }) => [key, label])),
	// The document API's bodies (parties, counterparties, invoices, orders).
	fullname: 'Full Name',
	phone: 'Phone',
	email: 'Email',
	country_code: 'Country Code',
	relationship_type: 'Relationship Type',
	party_id: 'Party ID',
	fee_bearer: 'Fee Bearer',
	as_payment_link: 'As Payment Link',
};

/** A documented value in any case is upper-cased; anything else is passed on as typed. */
function relationship(field: string, value: unknown): string | undefined {
	const typed = text(field, value, false);
	const upper = typed?.toUpperCase();
	return (PARTY_RELATIONSHIPS as readonly string[]).includes(upper ?? '') ? upper : typed;
}

/**
 * One line item, checked: name, amount, currency (empty means `fallbackCurrency`,
 * the checkout's or the document's), and with `withQty` a whole quantity (invoice
 * and order items). `label` prefixes the field names in messages
 * (`Items › 2`); empty for the single line of Add Item.
 */
export function lineItem(raw: unknown, label: string, fallbackCurrency: string, withQty = false): IDataObject {
	const field = (part: string) => (label ? `${label} › ${part}` : part);
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		const example = withQty ? '{"name": "Consulting", "qty": 1, "amount": 250}' : '{"name": "Consulting", "amount": 250}';
		throw new FieldError(label, `must be an object, got ${describe(raw)}`, `Each line item needs a name and an amount, e.g. ${example}.`);
	}
	const item = raw as IDataObject;
	return {
		name: text(field('Name'), item.name, true),
		...(withQty ? { qty: quantity(field('Qty'), item.qty) } : {}),
		amount: amount(field('Amount'), item.amount),
		currency: currency(field('Currency'), item.currency, false) ?? fallbackCurrency,
	};
}

/**
 * Validates one item's parameters and builds the `POST /v1/checkouts/create`
 * body. It holds only what the user set: untouched optional fields are absent.
 */
export function buildCheckoutBody(parameters: CheckoutParameters, timezone: string): IDataObject {
	const checkoutCurrency = currency('Currency', parameters.currency, true) as string;
	const body: IDataObject = {
		mode: text('Mode', parameters.mode, true),
		source_kind: sourceType('Source Kind', parameters.sourceKind),
		party_phone: phone('Party Phone', parameters.partyPhone),
		currency: checkoutCurrency,
		items: requireLineItems(parameters.lineItems).map((raw, index) => lineItem(raw, `Items › ${index + 1}`, checkoutCurrency)),
	};
	return setOptionalFields(body, OPTIONAL_FIELDS, parameters.additionalFields, timezone);
}

/** At least one line: a checkout, invoice or order is created with its lines. */
export function requireLineItems(lineItems: unknown[]): unknown[] {
	if (lineItems.length === 0) {
		throw new FieldError('Items', 'must hold at least one line item', 'Add a line item with a name and an amount.');
	}
	return lineItems;
}

/**
 * Items (JSON): a JSON text, or the list an expression returned. Bad JSON is an
 * error, never an empty list.
 */
export function lineItemsFromJson(value: unknown): unknown[] {
	const field = 'Items (JSON)';
	let parsed = value;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw new FieldError(field, 'is required', 'Enter a list such as [{"name": "Consulting", "amount": 250}].');
	}
	if (typeof value === 'string') {
		let syntaxError: string | undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			syntaxError = (error as Error).message;
		}
		if (syntaxError !== undefined) {
			throw new FieldError(
				field,
				`is not valid JSON (${syntaxError})`,
				'Enter a list such as [{"name": "Consulting", "amount": 250}], or an expression that returns one.',
			);
		}
	}
	if (!Array.isArray(parsed)) {
		throw new FieldError(
			field,
			`must be a list of line items, got ${describe(parsed)}`,
			'Wrap a single line item in [ ], e.g. [{"name": "Consulting", "amount": 250}].',
		);
	}
	return parsed;
}
