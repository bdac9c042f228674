import type { IDataObject } from 'n8n-workflow';

import { lineItem, type OptionalField, PARTY_RELATIONSHIPS, requireLineItems, setOptionalFields } from './checkout-body';
import {
	amount,
	boolean,
	countryCode,
	currency,
	dateTime,
	email,
	FieldError,
	oneOf,
	phone,
	positiveInteger,
	quantity,
	text,
} from './validation';

/**
 * Bodies and list queries of the document API (parties, counterparties,
 * invoices, orders): checked and normalised here, before anything is sent.
 * Only what the user set goes into a body.
 */

export const FEE_BEARERS = ['PAYER', 'PAYEE'] as const;
export const DOCUMENT_STATUSES = ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'] as const;

const optionalText = (field: string, value: unknown) => text(field, value, false);
/** A required-value rule made optional: an empty value is left out. */
const unlessEmpty =
	(parse: (field: string, value: unknown) => unknown) =>
	(field: string, value: unknown): unknown =>
		text(field, value, false) === undefined ? undefined : parse(field, value);
const relationshipType = (field: string, value: unknown) => oneOf(field, value, PARTY_RELATIONSHIPS, false);
const feeBearer = (field: string, value: unknown) => oneOf(field, value, FEE_BEARERS, false);

/** Update Fields (and the like) with nothing set would send an empty body: refused. */
function requireSome(body: IDataObject, field: string): IDataObject {
	if (Object.keys(body).length === 0) {
		throw new FieldError(field, 'must hold at least one field', `Add a field to ${field}; an update without one changes nothing.`);
	}
	return body;
}

// ---- Parties

export interface PartyParameters {
	fullname: unknown;
	phone: unknown;
	additionalFields: IDataObject;
}

export function buildPartyBody(parameters: PartyParameters): IDataObject {
	const body: IDataObject = {
		fullname: text('Full Name', parameters.fullname, true),
		phone: phone('Phone', parameters.phone),
	};
	return setOptionalFields(
		body,
		[
			{ name: 'email', key: 'email', label: 'Email', parse: email },
			{ name: 'countryCode', key: 'country_code', label: 'Country Code', parse: countryCode },
		],
		parameters.additionalFields,
		'',
	);
}

// ---- Counterparties

const COUNTERPARTY_FIELDS: OptionalField[] = [
	{ name: 'relationshipType', key: 'relationship_type', label: 'Relationship Type', parse: relationshipType },
	{ name: 'partyId', key: 'party_id', label: 'Party ID', parse: positiveInteger },
];

export function buildCounterpartyBody(relationship: unknown, additionalFields: IDataObject): IDataObject {
	const body: IDataObject = {
		relationship_type: oneOf('Relationship Type', relationship, PARTY_RELATIONSHIPS, true),
	};
	return setOptionalFields(body, COUNTERPARTY_FIELDS.slice(1), additionalFields, '');
}

export function buildCounterpartyUpdateBody(updateFields: IDataObject): IDataObject {
	return requireSome(setOptionalFields({}, COUNTERPARTY_FIELDS, updateFields, ''), 'Update Fields');
}

// ---- Invoices and orders

const REFERENCE_ID: OptionalField = { name: 'referenceId', key: 'reference_id', label: 'Reference ID', parse: optionalText };
const DUE_DATE: OptionalField = { name: 'dueDate', key: 'due_date', label: 'Due Date', parse: dateTime };
/** Update Fields of a document: Create's required Note and Fee Bearer become optional here. */
const UPDATE_FIELDS: OptionalField[] = [
	REFERENCE_ID,
	{ name: 'note', key: 'note', label: 'Note', parse: optionalText },
	{ name: 'feeBearer', key: 'fee_bearer', label: 'Fee Bearer', parse: feeBearer },
];

/** Due Date is for invoices only (Dollr's order create has no `due_date`). */
function withDueDate(fields: OptionalField[], hasDueDate: boolean): OptionalField[] {
	return hasDueDate ? [...fields, DUE_DATE] : fields;
}

export interface DocumentParameters {
	counterpartyId: number;
	currency: unknown;
	note: unknown;
	feeBearer: unknown;
	asPaymentLink: unknown;
	lineItems: unknown[];
	additionalFields: IDataObject;
}

/**
 * The create body of an invoice (`hasDueDate`) or order, and its line items'
 * bodies (`POST …/items/add`, one call each), all checked before the first call.
 */
export function buildDocumentBodies(
	parameters: DocumentParameters,
	hasDueDate: boolean,
	timezone: string,
): { body: IDataObject; lines: IDataObject[] } {
	const documentCurrency = currency('Currency', parameters.currency, true) as string;
	const body: IDataObject = {
		counterparty_id: parameters.counterpartyId,
		currency: documentCurrency,
		note: text('Note', parameters.note, true),
		fee_bearer: oneOf('Fee Bearer', parameters.feeBearer, FEE_BEARERS, true),
		as_payment_link: boolean('As Payment Link', parameters.asPaymentLink, true),
	};
	setOptionalFields(body, withDueDate([REFERENCE_ID], hasDueDate), parameters.additionalFields, timezone);
	const lines = requireLineItems(parameters.lineItems).map((raw, index) =>
		lineItem(raw, `Items › ${index + 1}`, documentCurrency, true),
	);
	return { body, lines };
}

export function buildDocumentUpdateBody(updateFields: IDataObject, hasDueDate: boolean, timezone: string): IDataObject {
	return requireSome(setOptionalFields({}, withDueDate(UPDATE_FIELDS, hasDueDate), updateFields, timezone), 'Update Fields');
}

/** Add Item: name, qty, amount, and a currency that is the document's when empty. */
export function buildItemBody(fields: IDataObject, documentCurrency: string): IDataObject {
	return lineItem(fields, '', documentCurrency, true);
}

export function buildItemUpdateBody(updateFields: IDataObject): IDataObject {
	return requireSome(
		setOptionalFields(
			{},
			[
				{ name: 'name', key: 'name', label: 'Name', parse: optionalText },
				{ name: 'qty', key: 'qty', label: 'Qty', parse: unlessEmpty(quantity) },
				{ name: 'amount', key: 'amount', label: 'Amount', parse: unlessEmpty(amount) },
			],
			updateFields,
			'',
		),
		'Update Fields',
	);
}

// ---- List filters (query strings)

const FILTERS: Record<string, OptionalField> = {
	fullname: { name: 'fullname', key: 'fullname', label: 'Filters › Full Name', parse: optionalText },
	relationshipType: {
		name: 'relationshipType',
		key: 'relationship_type',
		label: 'Filters › Relationship Type',
		parse: relationshipType,
	},
	status: {
		name: 'status',
		key: 'status',
		label: 'Filters › Status',
		parse: (field, value) => oneOf(field, value, DOCUMENT_STATUSES, false),
	},
	currency: { name: 'currency', key: 'currency', label: 'Filters › Currency', parse: (field, value) => currency(field, value, false) },
};

/** The query of a list call from its Filters collection: only the set filters, checked. */
export function listQuery(filters: IDataObject, names: Array<keyof typeof FILTERS>): IDataObject {
	return setOptionalFields({}, names.map((name) => FILTERS[name]), filters, '');
}
