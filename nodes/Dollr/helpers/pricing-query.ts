import type { IDataObject } from 'n8n-workflow';

import { FEE_BEARERS } from './document-body';
import { MERCHANT_TYPES, OPERATION_TYPES, OWNER_TYPES, PAYMENT_METHODS, PROVIDERS } from './money-values';
import {
	amount,
	currency,
	FieldError,
	oneOf,
	phone,
	positiveInteger,
	requiredPositiveInteger,
	sourceType,
	text,
} from './validation';

/**
 * The query parameters of Dollr's read-only pricing and merchant calls
 * (shared/spec/dollr-money-api.md §5-§7), each with the label its node field
 * shows and the rule its value must pass before anything is sent. Written once:
 * the operations pick from it, and a 422 from Dollr on `["query", name]` is
 * shown with the same label.
 */
type Rule = (label: string, value: unknown, required: boolean) => string | number | undefined;

const required = (rule: (label: string, value: unknown) => string | number): Rule => (label, value) => rule(label, value);
const id: Rule = (label, value, isRequired) =>
	isRequired ? requiredPositiveInteger(label, value) : positiveInteger(label, value);
const choice =
	(allowed: readonly string[]): Rule =>
	(label, value, isRequired) =>
		oneOf(label, value, allowed, isRequired);

const QUERY_PARAMETERS = {
	base_amount: { label: 'Base Amount', rule: required(amount) },
	base_currency: { label: 'Base Currency', rule: currency },
	target_currency: { label: 'Target Currency', rule: currency },
	payment_method: { label: 'Payment Method', rule: choice(PAYMENT_METHODS) },
	operation_type: { label: 'Operation Type', rule: choice(OPERATION_TYPES) },
	provider: { label: 'Provider', rule: choice(PROVIDERS) },
	fee_bearer: { label: 'Fee Bearer', rule: choice(FEE_BEARERS) },
	owner_type: { label: 'Owner Type', rule: choice(OWNER_TYPES) },
	owner_id: { label: 'Owner ID', rule: id },
	source_type: { label: 'Source Type', rule: required(sourceType) },
	source_id: { label: 'Source ID', rule: id },
	phone: { label: 'Phone', rule: required(phone) },
	fee_tier_name: { label: 'Fee Tier Name', rule: (label, value) => text(label, value, true) },
	merchant_id: { label: 'Merchant ID', rule: id },
	merchant_type: { label: 'Merchant Type', rule: choice(MERCHANT_TYPES) },
} satisfies Record<string, { label: string; rule: Rule }>;

export type QueryName = keyof typeof QUERY_PARAMETERS;

/** One query parameter of an operation: the node field it is read from (a dotted path for a collection's). */
export interface QueryField {
	name: QueryName;
	field: string;
	optional?: boolean;
}

/** The user's label of each query parameter, for Dollr's 422 on `["query", name]`. */
export const QUERY_FIELD_LABELS: Record<string, string> = Object.fromEntries(
	Object.entries(QUERY_PARAMETERS).map(([name, { label }]) => [name, label]),
);

/**
 * The validated query of one item: each field read with `read`, checked by its
 * rule (a FieldError names the field), empty optional ones left out.
 */
export function buildQuery(fields: readonly QueryField[], read: (field: string) => unknown): IDataObject {
	const qs: IDataObject = {};
	for (const { name, field, optional } of fields) {
		const { label, rule } = QUERY_PARAMETERS[name];
		const value = rule(label, read(field), !optional);
		if (value !== undefined) qs[name] = value;
	}
	return qs;
}

/** Two optional parameters that mean something only together (an owner: its type and its ID). */
export function bothOrNeither(qs: IDataObject, first: QueryName, second: QueryName): void {
	const [has1, has2] = [qs[first] !== undefined, qs[second] !== undefined];
	if (has1 === has2) return;
	const [given, missing] = has1 ? [first, second] : [second, first];
	const [givenLabel, missingLabel] = [QUERY_PARAMETERS[given].label, QUERY_PARAMETERS[missing].label];
	throw new FieldError(
		missingLabel,
		`is required when ${givenLabel} is set`,
		`Set both ${QUERY_PARAMETERS[first].label} and ${QUERY_PARAMETERS[second].label} to price for one merchant, or neither for the default fee tier.`,
	);
}
