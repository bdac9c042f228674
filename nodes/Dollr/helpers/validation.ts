import { tryToParseDateTime } from 'n8n-workflow';

/**
 * Checks and normalises user input against Dollr's request schema before
 * anything is sent. One place for every rule, so the node and the tests agree.
 * A broken rule throws a FieldError; the operation turns it into a
 * NodeOperationError that names the item.
 */
export class FieldError extends Error {
	constructor(
		/** The field as the user sees it, e.g. `Items › 2 › Amount`. */
		readonly field: string,
		/** What is wrong, e.g. `must be 8-15 digits without '+'`. */
		readonly problem: string,
		/** How to fix it. */
		readonly hint: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'FieldError';
	}
}

/** The schema's party_phone pattern: E.164 digits, no '+', 8 to 15 digits. */
export const PHONE_PATTERN = /^[1-9]\d{7,14}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_AMOUNT = 0.01;

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A number typed or returned by an expression (numeric text is fine); NaN when it is not one. */
function toNumber(value: unknown): number {
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	return typeof number === 'number' ? number : NaN;
}

/** A required or optional text value: trimmed; numbers from expressions become text. */
export function text(field: string, value: unknown, required: boolean): string | undefined {
	if (isEmpty(value)) {
		if (required) throw new FieldError(field, 'is required', `Enter a value for ${field}.`);
		return undefined;
	}
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new FieldError(
		field,
		`must be text, got ${describe(value)}`,
		`If ${field} comes from an expression, make it return a string.`,
	);
}

export function phone(field: string, value: unknown): string {
	const raw = text(field, value, true) as string;
	// Users paste numbers as +231 77-123 4567 or (231) 771234567: keep the digits.
	const digits = raw.replace(/^\+/, '').replace(/[\s\-().]/g, '');
	if (!PHONE_PATTERN.test(digits)) {
		throw new FieldError(
			field,
			"must be 8-15 digits without '+'",
			`Use the international format with the country code and no '+', e.g. 231771234567 (got '${raw}').`,
		);
	}
	return digits;
}

export function currency(field: string, value: unknown, required: boolean): string | undefined {
	const code = text(field, value, required)?.toUpperCase();
	if (code !== undefined && !CURRENCY_PATTERN.test(code)) {
		throw new FieldError(
			field,
			'must be a three-letter ISO 4217 code',
			`Use a currency code such as USD, LRD or RWF (got '${String(value)}').`,
		);
	}
	return code;
}

export function amount(field: string, value: unknown): number {
	if (isEmpty(value)) throw new FieldError(field, 'is required', `Enter an amount of at least ${MIN_AMOUNT}.`);
	const number = toNumber(value);
	if (!Number.isFinite(number)) {
		throw new FieldError(
			field,
			`must be a number, got ${describe(value)}`,
			'Enter the amount in major units, e.g. 250 or 12.50, without a currency sign.',
		);
	}
	if (number < MIN_AMOUNT) {
		throw new FieldError(
			field,
			`must be at least ${MIN_AMOUNT}, got ${number}`,
			'Dollr takes positive amounts in major units (250 means 250.00).',
		);
	}
	return number;
}

/** An ID: a positive whole number (a numeric string from an expression is fine). */
export function positiveInteger(field: string, value: unknown): number | undefined {
	if (isEmpty(value)) return undefined;
	const number = toNumber(value);
	if (!Number.isSafeInteger(number) || number < 1) {
		throw new FieldError(field, `must be a positive whole number, got ${describe(value)}`, 'Enter the numeric ID, e.g. 42.');
	}
	return number;
}

/** A node option: a whole number from min to max; empty gives undefined (the default applies). */
export function wholeNumberOption(field: string, value: unknown, min: number, max: number): number | undefined {
	if (isEmpty(value)) return undefined;
	const number = toNumber(value);
	if (!Number.isSafeInteger(number) || number < min || number > max) {
		throw new FieldError(
			field,
			`must be a whole number from ${min} to ${max}, got ${describe(value)}`,
			`Set ${field} in the node's options, or make its expression return a whole number.`,
		);
	}
	return number;
}

/** A required ID: positiveInteger, and present. */
export function requiredPositiveInteger(field: string, value: unknown): number {
	const number = positiveInteger(field, value);
	if (number === undefined) throw new FieldError(field, 'is required', `Enter the numeric ${field}, e.g. 42.`);
	return number;
}

/**
 * Dollr's kinds of source: what create calls `source_kind` and the status and
 * link endpoints `source_type`. SUBSCRIPTION is reserved and refused by Dollr.
 */
export const SOURCE_TYPES = ['INVOICE', 'ORDER'] as const;

export function sourceType(field: string, value: unknown): string {
	const type = (text(field, value, true) as string).toUpperCase();
	if (!(SOURCE_TYPES as readonly string[]).includes(type)) {
		throw new FieldError(
			field,
			`must be INVOICE or ORDER, got ${describe(value)}`,
			'Choose Invoice or Order; Dollr does not support other kinds here.',
		);
	}
	return type;
}

export function email(field: string, value: unknown): string | undefined {
	const address = text(field, value, false);
	if (address !== undefined && !EMAIL_PATTERN.test(address)) {
		throw new FieldError(field, 'must be an email address', `Use the form name@example.com (got '${address}').`);
	}
	return address;
}

export function httpUrl(field: string, value: unknown): string | undefined {
	const address = text(field, value, false);
	if (address === undefined) return undefined;
	let parsed: URL | undefined;
	try {
		parsed = new URL(address);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new FieldError(
			field,
			'must be an absolute http(s) URL',
			`Use a full address such as https://shop.example.com/thanks (got '${address}').`,
		);
	}
	return address;
}

/** A typed calendar date, `2026-02-30…`: n8n's parser would roll it over to March. */
const TYPED_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
/** RFC 3339 (the schema's `date-time`) has four-digit years; Luxon writes others as `+275760-…`. */
const FOUR_DIGIT_YEAR = /^\d{4}-/;

function isCalendarDate([, year, month, day]: RegExpExecArray): boolean {
	const m = Number(month);
	// Day 0 of the next month is the last day of this one; 2000 + year % 400 has the same leap years.
	const lastDay = new Date(Date.UTC(2000 + (Number(year) % 400), m, 0)).getUTCDate();
	return m >= 1 && m <= 12 && Number(day) >= 1 && Number(day) <= lastDay;
}

/**
 * A date from the date picker (wall-clock time in the workflow's timezone), an
 * ISO string, a JS Date or a Luxon DateTime from an expression, sent as ISO 8601
 * with its offset.
 */
export function dateTime(field: string, value: unknown, timezone: string): string | undefined {
	if (isEmpty(value)) return undefined;
	const fail = (problem: string) =>
		new FieldError(field, problem, 'Pick a date, or use an ISO 8601 value such as 2026-12-31T17:00:00Z.');
	const typed = typeof value === 'string' ? TYPED_DATE.exec(value.trim()) : null;
	if (typed && !isCalendarDate(typed)) throw fail(`is not a calendar date, got ${describe(value)}`);
	let iso: string | null = null;
	try {
		iso = tryToParseDateTime(value, timezone).toISO();
	} catch {
		iso = null;
	}
	if (!iso) throw fail(`must be a date and time, got ${describe(value)}`);
	if (!FOUR_DIGIT_YEAR.test(iso)) throw fail(`must be between the years 0000 and 9999, got ${describe(value)}`);
	return iso;
}

/** A short, safe description of a value for an error message. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
	return String(value);
}

/** A line item's quantity: a whole number, at least 1. */
export function quantity(field: string, value: unknown): number {
	if (isEmpty(value)) throw new FieldError(field, 'is required', 'Enter a whole number of at least 1, e.g. 2.');
	const number = toNumber(value);
	if (!Number.isSafeInteger(number) || number < 1) {
		throw new FieldError(
			field,
			`must be a whole number of at least 1, got ${describe(value)}`,
			'Dollr counts line items in whole units; put fractions into the unit price instead.',
		);
	}
	return number;
}

/**
 * One of a fixed set of API strings (fee bearer, relationship type, status):
 * any case is accepted and upper-cased; anything else is refused with the list.
 */
export function oneOf(field: string, value: unknown, allowed: readonly string[], required: boolean): string | undefined {
	const typed = text(field, value, required);
	if (typed === undefined) return undefined;
	const upper = typed.toUpperCase();
	if (!allowed.includes(upper)) {
		throw new FieldError(field, `must be one of ${allowed.join(', ')}, got ${describe(value)}`, `Choose one of: ${allowed.join(', ')}.`);
	}
	return upper;
}

/** A yes/no switch; an expression may give true/false or the text 'true'/'false'. */
export function boolean(field: string, value: unknown, fallback: boolean): boolean {
	if (isEmpty(value)) return fallback;
	if (typeof value === 'boolean') return value;
	const typed = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (typed === 'true' || typed === 'false') return typed === 'true';
	throw new FieldError(field, `must be true or false, got ${describe(value)}`, `Switch ${field} on or off, or make its expression return true or false.`);
}

/** ISO 3166-1 alpha-2, the officially assigned codes. */
const COUNTRY_CODES = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
		'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
		'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
		'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
		'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
		'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
		'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

export function countryCode(field: string, value: unknown): string | undefined {
	const code = text(field, value, false)?.toUpperCase();
	if (code !== undefined && !COUNTRY_CODES.has(code)) {
		throw new FieldError(
			field,
			`must be an ISO 3166-1 alpha-2 country code, got ${describe(value)}`,
			'Use the two-letter code of the country, e.g. LR for Liberia or RW for Rwanda.',
		);
	}
	return code;
}
