/**
 * Property: for any Create Checkout parameters, valid or not, the node either
 * fails that item with an error naming a field and the item (and sends nothing
 * for it), or sends a body the local server's schema validation accepts (200).
 *
 * Each generated case is one input item; the node's parameters are expressions
 * reading `$json`, so one workflow run carries a whole batch of cases. The
 * generators know which fields they made invalid (and the normalised value of
 * the valid ones), so the test also catches over-strict validation.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { DollrApi } from '../credentials/DollrApi.credentials';
import { Dollr } from '../nodes/Dollr/Dollr.node';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDollrHarness, singleNodeWorkflow } = require('./harness/dollr');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { outputOf, errorOf } = require('./harness/n8n-engine');

/** A generated value: `bad` when the node must refuse it, `norm` what it must send when fine. */
interface Gen {
	v: unknown;
	bad: boolean;
	norm?: unknown;
}
const ok = (v: unknown, ...norm: [unknown?]): Gen => ({ v, bad: false, norm: norm.length ? norm[0] : v });
const bad = (v: unknown): Gen => ({ v, bad: true });
const MISSING = undefined;

const DIGITS = '0123456789'.split('');
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ALNUM = [...LETTERS, ...DIGITS];
const chars = (unit: string[], minLength: number, maxLength: number) =>
	fc.string({ unit: fc.constantFrom(...unit), minLength, maxLength });
const pad = fc.constantFrom('', ' ', '  ', '\t');

// ---- Party Phone: E.164 digits, 8-15, no leading 0; '+', spaces and dashes are tolerated.
const phoneDigits = fc.tuple(fc.constantFrom(...'123456789'.split('')), chars(DIGITS, 7, 14)).map(([a, b]) => a + b);
const decoratedPhone = fc
	.record({
		digits: phoneDigits,
		plus: fc.boolean(),
		seps: fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '-', ' - ', '--')), { maxLength: 4 }),
		left: pad,
		right: pad,
	})
	.map(({ digits, plus, seps, left, right }) => {
		let text = digits;
		for (const [at, sep] of seps) {
			const i = at % (text.length + 1);
			text = text.slice(0, i) + sep + text.slice(i);
		}
		return ok(`${left}${plus ? '+' : ''}${text}${right}`, digits);
	});
const phone: fc.Arbitrary<Gen> = fc.oneof(
	{ weight: 6, arbitrary: decoratedPhone },
	{ weight: 1, arbitrary: phoneDigits.map((d) => ok(Number(d), d)) },
	{
		weight: 1,
		arbitrary: fc
			.tuple(phoneDigits, fc.nat(), fc.constantFrom(...LETTERS))
			.map(([d, at, letter]) => bad(d.slice(0, at % d.length) + letter + d.slice(at % d.length))),
	},
	{ weight: 1, arbitrary: fc.tuple(fc.constantFrom('1', '2', '9'), chars(DIGITS, 0, 6)).map(([a, b]) => bad(a + b)) },
	{ weight: 1, arbitrary: fc.tuple(fc.constantFrom('1', '2', '9'), chars(DIGITS, 15, 19)).map(([a, b]) => bad(a + b)) },
	{ weight: 1, arbitrary: chars(DIGITS, 7, 14).map((d) => bad(`0${d}`)) },
	{ weight: 1, arbitrary: phoneDigits.map((d) => bad(`++${d}`)) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad('   '), bad(MISSING), bad(null), bad({ phone: 1 })) },
);

// ---- Currency: three letters, any case (upper-cased for the user).
const goodCurrency = fc
	.tuple(pad, chars(LETTERS, 3, 3), pad)
	.map(([l, code, r]) => ok(`${l}${code}${r}`, code.toUpperCase()));
const badCurrency = fc.oneof(
	chars(LETTERS, 1, 2).map(bad),
	chars(LETTERS, 4, 6).map(bad),
	chars(ALNUM, 3, 3)
		.filter((s) => /\d/.test(s))
		.map(bad),
	fc.constantFrom(bad('U SD'), bad('US$'), bad(840)),
);
const currency = fc.oneof(
	{ weight: 6, arbitrary: goodCurrency },
	{ weight: 2, arbitrary: badCurrency },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad(MISSING), bad('  ')) },
);
/** A line's own currency: empty means the checkout's. */
const lineCurrency = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(ok(MISSING, null), ok('', null), ok(null, null)) },
	{ weight: 3, arbitrary: goodCurrency },
	{ weight: 1, arbitrary: badCurrency },
);

// ---- Amount: a number >= 0.01, or a numeric string of one.
const positive = fc.oneof(fc.double({ min: 0.01, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 1_000_000 }));
const amount = fc.oneof(
	{ weight: 5, arbitrary: positive.map((n) => ok(n)) },
	{ weight: 2, arbitrary: fc.tuple(pad, positive, pad).map(([l, n, r]) => ok(`${l}${n}${r}`, n)) },
	{ weight: 1, arbitrary: fc.double({ min: 1e-9, max: 0.0099, noNaN: true }).map(bad) },
	{ weight: 1, arbitrary: fc.double({ min: -1e6, max: -1e-9, noNaN: true }).map(bad) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(0), bad('0'), bad('abc'), bad('12abc'), bad('$12'), bad(''), bad(MISSING), bad(true)) },
);
const name = fc.oneof(
	{ weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '').map((s) => ok(s, s.trim())) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 999 }).map((n) => ok(n, String(n))) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad('   '), bad(MISSING), bad({ a: 1 })) },
);
const line = fc.record({ name, amount, currency: lineCurrency });
type Line = { name: Gen; amount: Gen; currency: Gen };

// ---- Dates, URLs, email, counterparty.
const goodDate = fc.oneof(
	fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => ok(d.toISOString())),
	fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => ok(d.toISOString().slice(0, 10))),
	fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => ok(d.toUTCString())),
	fc.constantFrom(ok('2026-12-31 17:00'), ok('2026-12-31T17:00:00+02:00'), ok(' 2027-01-15 ')),
);
const badDate = fc.constantFrom(
	'nope',
	'tomorrow',
	'2026-13-01',
	'2026-02-30',
	'2026-02-30T10:00:00Z',
	'2026-12-31T25:00',
	'+275760-09-13',
	'99999',
	'31.12.2026 25:99',
).map(bad);
const date = fc.oneof({ weight: 3, arbitrary: fc.constant(ok(MISSING)) }, { weight: 3, arbitrary: goodDate }, { weight: 1, arbitrary: badDate });

const host = fc.tuple(chars(ALNUM, 1, 10), fc.constantFrom('com', 'io', 'lr')).map(([h, tld]) => `${h}.${tld}`.toLowerCase());
const url = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 3, arbitrary: fc.tuple(fc.constantFrom('http', 'https', 'HTTPS'), host, chars(ALNUM, 0, 8)).map(([s, h, p]) => ok(`${s}://${h}/${p}`)) },
	{ weight: 1, arbitrary: fc.constantFrom('ftp://files.example.com/x', 'shop.example.com/thanks', '/thanks', 'javascript:alert(1)', 'mailto:a@b.io', 'https//x.io').map(bad) },
);
const emailArb = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 3, arbitrary: fc.tuple(chars(ALNUM, 1, 10), host, pad).map(([local, h, p]) => ok(`${p}${local}@${h}${p}`, `${local}@${h}`)) },
	{ weight: 1, arbitrary: fc.constantFrom('no-at-sign', 'a@b', 'a b@c.io', '@x.io', 'x@', 42).map(bad) },
);
const counterparty = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 2, arbitrary: fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ok(n)) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ok(` ${n}`, n)) },
	{ weight: 1, arbitrary: fc.constantFrom(1.5, 'abc', '12a', true, '1.25').map(bad) },
);
const partyName = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 3, arbitrary: fc.string({ maxLength: 20 }).map((s) => ok(s, s.trim() === '' ? undefined : s.trim())) },
	{ weight: 1, arbitrary: fc.constantFrom({ first: 'Ada' }, ['Ada']).map(bad) },
);
const mode = fc.oneof(
	{ weight: 8, arbitrary: fc.constant(ok('HOSTED')) },
	{ weight: 1, arbitrary: chars(LETTERS, 1, 10).map((m) => ok(m)) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad(MISSING)) },
);
const sourceKind = fc.oneof(
	{ weight: 8, arbitrary: fc.constantFrom('INVOICE', 'ORDER', 'invoice', ' Order ').map((k) => ok(k, k.trim().toUpperCase())) },
	{ weight: 1, arbitrary: fc.constantFrom('SUBSCRIPTION', '', 'INVOICES', MISSING).map(bad) },
);

/** Items (JSON): a list (as JSON text or as the list an expression returns), or something that is not one. */
const jsonList = fc.oneof(
	{
		weight: 8,
		arbitrary: fc
			.tuple(fc.array(line, { minLength: 0, maxLength: 3 }), fc.constantFrom('array', 'text', 'pretty'))
			.map(([lines, as]) => ({ lines, as, bad: false })),
	},
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			'[{"name": "x", "amount": 1',
			"[{name: 'x', amount: 1}]",
			'{"name": "x", "amount": 1}',
			'"a list"',
			'null',
			'42',
			'',
			'hello',
			{ name: 'x', amount: 1 },
			7,
			MISSING,
		).map((v) => ({ lines: [] as Line[], as: 'raw' as const, raw: v, bad: true })),
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.array(line, { maxLength: 2 }), fc.constantFrom('a line', 5, null, [1]), fc.nat())
			.map(([lines, junk, at]) => ({ lines, junk, at: at % (lines.length + 1), as: 'junk' as const, bad: false })),
	},
);

const fields = {
	mode,
	sourceKind,
	phone,
	currency,
	lines: fc.array(line, { minLength: 0, maxLength: 3 }),
	useJson: fc.boolean(),
	jsonList,
	partyName,
	partyEmail: emailArb,
	dueDate: date,
	expiresAt: date,
	successUrl: url,
	cancelUrl: url,
	counterpartyId: counterparty,
	note: partyName,
};
/** Whether a generated value holds anything the node must refuse. */
function hasBad(value: unknown): boolean {
	if (value === null || typeof value !== 'object') return false;
	const record = value as { bad?: unknown; as?: unknown; lines?: unknown };
	if (record.bad === true || record.as === 'junk') return true;
	if (Array.isArray(value)) return value.some(hasBad);
	return Object.values(record).some(hasBad);
}
/** Each field valid, so that about half of the cases are all-valid and must be sent. */
const allValid = Object.fromEntries(
	Object.entries(fields).map(([key, arb]) => [key, (arb as fc.Arbitrary<unknown>).filter((v) => !hasBad(v))]),
) as typeof fields;
allValid.lines = allValid.lines.filter((lines) => lines.length > 0);
allValid.jsonList = allValid.jsonList.filter((list) => list.lines.length > 0);
const parameters = fc.oneof(fc.record(allValid), fc.record(fields));
type Generated = typeof parameters extends fc.Arbitrary<infer T> ? T : never;

/** One case: the input item, the labels of its invalid fields, what a valid one must send. */
interface Case {
	json: IDataObject;
	invalid: string[];
	useJson: boolean;
	lineCount: number;
	expect: IDataObject;
}

function lineJson({ name: n, amount: a, currency: c }: Line): IDataObject {
	return { name: n.v, amount: a.v, currency: c.v } as IDataObject;
}

function toCase(g: Generated, referenceId: string): Case {
	const invalid: string[] = [];
	const json: IDataObject = { referenceId };
	const expect: IDataObject = { reference_id: referenceId };
	const top: Array<[string, string, string, Gen]> = [
		['mode', 'Mode', 'mode', g.mode],
		['sourceKind', 'Source Kind', 'source_kind', g.sourceKind],
		['phone', 'Party Phone', 'party_phone', g.phone],
		['currency', 'Currency', 'currency', g.currency],
		['partyName', 'Party Name', 'party_name', g.partyName],
		['partyEmail', 'Party Email', 'party_email', g.partyEmail],
		['dueDate', 'Due Date', 'due_date', g.dueDate],
		['expiresAt', 'Expires At', 'expires_at', g.expiresAt],
		['successUrl', 'Success URL', 'success_url', g.successUrl],
		['cancelUrl', 'Cancel URL', 'cancel_url', g.cancelUrl],
		['counterpartyId', 'Counterparty ID', 'counterparty_id', g.counterpartyId],
		['note', 'Note', 'note', g.note],
	];
	for (const [key, label, bodyKey, gen] of top) {
		json[key] = gen.v as IDataObject[string];
		if (gen.bad) invalid.push(label);
		// Dates are checked for format by the server; their exact ISO form depends on the timezone.
		else if (gen.norm !== undefined && !['due_date', 'expires_at'].includes(bodyKey)) expect[bodyKey] = gen.norm as IDataObject[string];
	}
	const checkoutCurrency = g.currency.norm;
	let lines: Line[] = g.lines;
	if (g.useJson) {
		const list = g.jsonList;
		if (list.as === 'raw') {
			json.itemsJson = list.raw as IDataObject[string];
			invalid.push('Items (JSON)');
			lines = [];
		} else if (list.as === 'junk') {
			const entries: unknown[] = list.lines.map(lineJson);
			entries.splice(list.at, 0, list.junk);
			json.itemsJson = entries as IDataObject[];
			invalid.push(`Items › ${list.at + 1}`);
			lines = list.lines;
		} else {
			lines = list.lines;
			const entries = lines.map(lineJson);
			json.itemsJson =
				list.as === 'array' ? entries : JSON.stringify(entries, null, list.as === 'pretty' ? 2 : undefined);
		}
	} else {
		json.lines = g.lines.map(lineJson);
	}
	if (!invalid.includes('Items (JSON)') && lines.length === 0 && !(g.useJson && g.jsonList.as === 'junk')) {
		invalid.push('Items');
	}
	// Where each line sits in the list the node sees (a junk entry shifts the ones after it).
	const junkAt = g.useJson && g.jsonList.as === 'junk' ? g.jsonList.at : Infinity;
	lines.forEach((l, i) => {
		const position = i >= junkAt ? i + 2 : i + 1;
		for (const [part, gen] of [
			['Name', l.name],
			['Amount', l.amount],
			['Currency', l.currency],
		] as const) {
			if (gen.bad) invalid.push(`Items › ${position} › ${part}`);
		}
	});
	expect.items = lines.map((l) => ({
		name: l.name.norm,
		amount: l.amount.norm,
		currency: l.currency.norm ?? checkoutCurrency,
	})) as IDataObject[];
	return { json, invalid, useJson: g.useJson, lineCount: g.useJson ? 0 : g.lines.length, expect };
}

const expr = (path: string) => `={{ $json.${path} }}`;

/** The node's parameters for a batch: every value read from the item, line items per position. */
function batchParameters(useJson: boolean, lineCount: number): IDataObject {
	return {
		resource: 'checkout',
		operation: 'create',
		mode: expr('mode'),
		sourceKind: expr('sourceKind'),
		partyPhone: expr('phone'),
		currency: expr('currency'),
		itemsInput: useJson ? 'json' : 'defineBelow',
		...(useJson
			? { itemsJson: expr('itemsJson') }
			: {
					items: {
						item: Array.from({ length: lineCount }, (_, j) => ({
							name: expr(`lines[${j}].name`),
							amount: expr(`lines[${j}].amount`),
							currency: expr(`lines[${j}].currency`),
						})),
					},
				}),
		additionalFields: {
			partyName: expr('partyName'),
			partyEmail: expr('partyEmail'),
			referenceId: expr('referenceId'),
			note: expr('note'),
			dueDate: expr('dueDate'),
			expiresAt: expr('expiresAt'),
			successUrl: expr('successUrl'),
			cancelUrl: expr('cancelUrl'),
			counterpartyId: expr('counterpartyId'),
		},
		options: { concurrency: 16 },
	};
}

/** The field a message names: it starts with the label, then the problem (not a deeper `›` path). */
function namesField(message: string, label: string): boolean {
	return message.startsWith(`${label} `) && !message.startsWith(`${label} ›`);
}

describe('Create Checkout input validation (property)', () => {
	let harness: Awaited<ReturnType<typeof startDollrHarness>>;
	beforeAll(async () => {
		harness = await startDollrHarness({ Dollr, DollrApi });
	});
	afterAll(async () => {
		await harness.close();
	});

	// Minutes on a loaded machine (hundreds of cases through n8n's engine); the timeout is not a speed target.
	test('every generated parameter set is refused with a named field, or sent and accepted', async () => {
		const counts = { cases: 0, valid: 0, invalid: 0, sent: 0, workflowRuns: 0 };
		let batchNo = 0;
		const started = Date.now();
		await fc.assert(
			fc.asyncProperty(
				fc.array(parameters, { minLength: 150, maxLength: 300 }),
				// Dates are read in the workflow's timezone; Monrovia had a -00:44:30 offset until 1972.
				fc.constantFrom('UTC', 'America/New_York', 'Africa/Monrovia', 'Asia/Kolkata'),
				async (generated, timezone) => {
					const batch = batchNo++;
					const cases = generated.map((g, i) => toCase(g, `b${batch}-c${i}`));
					// One workflow run per parameter shape (Items input, number of fixed line items).
					const groups = new Map<string, Case[]>();
					for (const c of cases) {
						const key = `${c.useJson}:${c.lineCount}`;
						groups.set(key, [...(groups.get(key) ?? []), c]);
					}
					for (const group of groups.values()) {
						harness.server.reset();
						const workflow = singleNodeWorkflow(
							batchParameters(group[0].useJson, group[0].lineCount),
							group.map((c) => JSON.parse(JSON.stringify(c.json))),
							{ onError: 'continueRegularOutput' },
						);
						workflow.settings.timezone = timezone;
						const run = await harness.runWorkflow(workflow);
						const items = outputOf(run, 'Dollr');
						const error = errorOf(run, 'Dollr');
						counts.workflowRuns++;
						expect(error).toBeUndefined();
						expect(run.data.resultData.error).toBeUndefined();
						expect(items).toHaveLength(group.length);
						const creates = (harness.server.requests as Array<{ path: string; status: number; body: IDataObject }>).filter(
							(r) => r.path === '/v1/checkouts/create',
						);
						const sentBy = new Map(creates.map((r) => [r.body?.reference_id, r]));
						expect(sentBy.size).toBe(creates.length); // no case sent twice
						group.forEach((c, index) => {
							const out = items[index];
							const sent = sentBy.get(c.expect.reference_id);
							expect(out.pairedItem).toEqual({ item: index });
							counts.cases++;
							if (c.invalid.length > 0) {
								counts.invalid++;
								const message = String(out.json.error ?? '');
								const named = c.invalid.some((label) => namesField(message, label));
								if (!named || !message.endsWith(`[item ${index}]`) || sent) {
									throw new Error(
										`case ${JSON.stringify(c.json)} (invalid: ${c.invalid.join(', ')}) gave ${JSON.stringify(out.json)}${sent ? ' and was sent' : ''}`,
									);
								}
								// n8n keeps the error on the item: a NodeOperationError, with the hint as description.
								expect(out.error?.name).toBe('NodeOperationError');
								expect(typeof out.error.description).toBe('string');
							} else {
								counts.valid++;
								if (!sent || sent.status !== 200 || out.json.error !== undefined) {
									throw new Error(
										`valid case ${JSON.stringify(c.json)} gave ${JSON.stringify(out.json)}; server: ${sent ? `${sent.status} ${JSON.stringify(sent.body)}` : 'nothing sent'}`,
									);
								}
								counts.sent++;
								expect(sent.body).toMatchObject(c.expect);
								expect(typeof out.json.url).toBe('string');
							}
						});
						// Every request that reached the create endpoint was accepted: no 422, nothing else.
						expect(creates.filter((r) => r.status !== 200)).toEqual([]);
					}
				},
			),
			{
				numRuns: 10,
				// No shrinking (a batch holds hundreds of cases; the message names the one that failed),
				// and a short report instead of the whole batch.
				endOnFailure: true,
				asyncReporter: async (details) => {
					if (details.failed) throw new Error(`seed ${details.seed}: ${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`);
				},
			},
		);
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(
			`validation property: ${counts.cases} cases (${counts.valid} valid, ${counts.invalid} invalid), ${counts.sent} sent and accepted, ${counts.workflowRuns} workflow runs, ${seconds.toFixed(1)} s`,
		);
		expect(counts.valid).toBeGreaterThan(300);
		expect(counts.invalid).toBeGreaterThan(300);
	}, 300_000);
});

// ---- Parties, invoices and orders: the same property, with every sent body checked by ajv
// against the local server's schemas (test/spec/dollr-documents.yaml).

const qty = fc.oneof(
	{ weight: 6, arbitrary: fc.integer({ min: 1, max: 10_000 }).map((n) => ok(n)) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }).map((n) => ok(` ${n}`, n)) },
	{ weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, '2.5', 'two', '', MISSING, null).map(bad) },
);
const feeBearer = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom('PAYER', 'PAYEE', 'payer', ' Payee ').map((v) => ok(v, v.trim().toUpperCase())) },
	{ weight: 1, arbitrary: fc.constantFrom('BOTH', '', MISSING, 'PAYERS').map(bad) },
);
const country = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 3, arbitrary: fc.constantFrom('LR', 'rw', ' us ', 'Gh').map((v) => ok(v, v.trim().toUpperCase())) },
	{ weight: 1, arbitrary: fc.constantFrom('XX', 'LBR', 'L', 'EU', '12').map(bad) },
);
const note = fc.oneof(
	{ weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '').map((s) => ok(s, s.trim())) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad('  '), bad(MISSING)) },
);
const documentLine = fc.record({ name, qty, amount, currency: lineCurrency });
type DocumentLine = { name: Gen; qty: Gen; amount: Gen; currency: Gen };
const documentFields = {
	kind: fc.constantFrom('invoice' as const, 'order' as const),
	currency,
	note,
	feeBearer,
	dueDate: date,
	lines: fc.array(documentLine, { minLength: 0, maxLength: 3 }),
};
const partyFields = { fullname: name, phone, email: emailArb, countryCode: country };
const validOnly = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
	Object.fromEntries(Object.entries(fields).map(([key, arb]) => [key, arb.filter((v) => !hasBad(v))])) as unknown as T;
const validDocument = validOnly(documentFields);
validDocument.lines = validDocument.lines.filter((lines) => lines.length > 0);
const documentCase = fc.oneof(fc.record(validDocument), fc.record(documentFields));
const partyCase = fc.oneof(fc.record(validOnly(partyFields)), fc.record(partyFields));
type DocumentGenerated = typeof documentCase extends fc.Arbitrary<infer T> ? T : never;
type PartyGenerated = typeof partyCase extends fc.Arbitrary<infer T> ? T : never;

/** Input item, invalid field labels, expected create body (less dates) and line bodies. */
function documentCaseOf(g: DocumentGenerated, referenceId: string) {
	const invalid: string[] = [];
	const json: IDataObject = { referenceId };
	const expect: IDataObject = { reference_id: referenceId, as_payment_link: true };
	const top: Array<[string, string, string, Gen]> = [
		['currency', 'Currency', 'currency', g.currency],
		['note', 'Note', 'note', g.note],
		['feeBearer', 'Fee Bearer', 'fee_bearer', g.feeBearer],
		['dueDate', 'Due Date', 'due_date', g.kind === 'invoice' ? g.dueDate : ok(MISSING)],
	];
	for (const [key, label, bodyKey, gen] of top) {
		json[key] = gen.v as IDataObject[string];
		if (gen.bad) invalid.push(label);
		else if (gen.norm !== undefined && bodyKey !== 'due_date') expect[bodyKey] = gen.norm as IDataObject[string];
	}
	json.lines = g.lines.map(({ name: n, qty: q, amount: a, currency: c }: DocumentLine) => ({ name: n.v, qty: q.v, amount: a.v, currency: c.v })) as IDataObject[];
	if (g.lines.length === 0) invalid.push('Items');
	g.lines.forEach((l: DocumentLine, i: number) => {
		for (const [part, gen] of [['Name', l.name], ['Qty', l.qty], ['Amount', l.amount], ['Currency', l.currency]] as const) {
			if (gen.bad) invalid.push(`Items › ${i + 1} › ${part}`);
		}
	});
	const lines = g.lines.map((l: DocumentLine) => ({ name: l.name.norm, qty: l.qty.norm, amount: l.amount.norm, currency: l.currency.norm ?? g.currency.norm }));
	return { json, invalid, expect, lines };
}

function partyCaseOf(g: PartyGenerated, fullnameSuffix: string) {
	const invalid: string[] = [];
	const json: IDataObject = {};
	const expect: IDataObject = {};
	for (const [key, label, bodyKey, gen] of [
		['fullname', 'Full Name', 'fullname', g.fullname],
		['phone', 'Phone', 'phone', g.phone],
		['email', 'Email', 'email', g.email],
		['countryCode', 'Country Code', 'country_code', g.countryCode],
	] as Array<[string, string, string, Gen]>) {
		json[key] = gen.v as IDataObject[string];
		if (gen.bad) invalid.push(label);
		else if (gen.norm !== undefined) expect[bodyKey] = gen.norm as IDataObject[string];
	}
	// A unique marker in the name finds the request this case sent.
	if (!g.fullname.bad) {
		json.fullname = `${String(g.fullname.v)}${fullnameSuffix}`;
		expect.fullname = `${String(g.fullname.v)}${fullnameSuffix}`.trim();
	}
	return { json, invalid, expect, marker: fullnameSuffix };
}

describe('Party, Invoice and Order input validation (property)', () => {
	let harness: Awaited<ReturnType<typeof startDollrHarness>>;
	let counterpartyId: number;
	beforeAll(async () => {
		harness = await startDollrHarness({ Dollr, DollrApi });
		const [party] = harness.server.seedParties([{ fullname: 'Property Payer', phone: '231770000000' }]);
		counterpartyId = harness.server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: party.id }])[0].id;
	});
	afterAll(async () => {
		await harness.close();
	});

	/** Runs one batch; returns the output items and the requests the server received. */
	async function runBatch(parameters: IDataObject, inputs: IDataObject[], timezone: string) {
		harness.server.reset();
		const workflow = singleNodeWorkflow({ ...parameters, options: { concurrency: 8 } }, inputs, { onError: 'continueRegularOutput' });
		workflow.settings.timezone = timezone;
		const run = await harness.runWorkflow(workflow);
		expect(errorOf(run, 'Dollr')).toBeUndefined();
		const items = outputOf(run, 'Dollr');
		expect(items).toHaveLength(inputs.length);
		return { items, requests: harness.server.requests as Sent[] };
	}

	type Sent = { path: string; status: number; body: IDataObject; response: IDataObject };
	const counts = { cases: 0, valid: 0, invalid: 0, bodiesChecked: 0 };

	/**
	 * Counts a case: an invalid one must be refused naming one of its invalid
	 * fields and its item, with nothing sent; a valid one must have been sent and
	 * accepted, and its request is returned.
	 */
	function sentOrRefused(
		out: { json: IDataObject },
		index: number,
		c: { invalid: string[]; json: IDataObject },
		sent: Sent | undefined,
	): Sent | undefined {
		counts.cases++;
		if (c.invalid.length > 0) {
			counts.invalid++;
			const message = String(out.json.error ?? '');
			if (!c.invalid.some((label) => namesField(message, label)) || !message.endsWith(`[item ${index}]`) || sent) {
				throw new Error(`${JSON.stringify(c.json)} (invalid: ${c.invalid.join(', ')}) gave ${JSON.stringify(out.json)}${sent ? ' and was sent' : ''}`);
			}
			return undefined;
		}
		counts.valid++;
		if (!sent || sent.status !== 200 || out.json.error !== undefined) {
			throw new Error(`valid case ${JSON.stringify(c.json)} gave ${JSON.stringify(out.json)}; server: ${sent ? `${sent.status} ${JSON.stringify(sent.body)}` : 'nothing sent'}`);
		}
		return sent;
	}

	test('every generated create is refused with a named field, or sent with bodies the schemas accept', async () => {
		const schemas = harness.server.schemas.documents;
		let batchNo = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(documentCase, { minLength: 40, maxLength: 80 }),
				fc.array(partyCase, { minLength: 20, maxLength: 40 }),
				fc.constantFrom('UTC', 'Africa/Monrovia', 'Asia/Kolkata'),
				async (documents, parties, timezone) => {
					const batch = batchNo++;
					for (const kind of ['invoice', 'order'] as const) {
						const cases = documents.filter((g) => g.kind === kind).map((g, i) => documentCaseOf(g, `d${batch}-${kind}-${i}`));
						if (cases.length === 0) continue;
						const { items, requests } = await runBatch(
							{
								resource: kind,
								operation: 'create',
								counterpartyId: { __rl: true, mode: 'id', value: String(counterpartyId) },
								currency: expr('currency'),
								note: expr('note'),
								feeBearer: expr('feeBearer'),
								itemsInput: 'json',
								itemsJson: expr('lines'),
								additionalFields: { referenceId: expr('referenceId'), ...(kind === 'invoice' ? { dueDate: expr('dueDate') } : {}) },
							},
							cases.map((c) => JSON.parse(JSON.stringify(c.json))),
							timezone,
						);
						const creates = requests.filter((r) => r.path === `/v1/${kind}s/create`);
						const byReference = new Map(creates.map((r) => [r.body.reference_id, r]));
						expect(byReference.size).toBe(creates.length);
						cases.forEach((c, index) => {
							const sent = sentOrRefused(items[index], index, c, byReference.get(c.expect.reference_id));
							if (!sent) return;
							expect(schemas[kind === 'invoice' ? 'InvoiceCreate' : 'OrderCreate'](sent.body)).toBe(true);
							expect(sent.body).toMatchObject({ ...c.expect, counterparty_id: counterpartyId });
							const adds = requests.filter((r) => r.path === `/v1/${kind}s/${String(sent.response.id)}/items/add`);
							expect(adds.map((r) => r.body)).toEqual(c.lines);
							for (const add of adds) {
								expect(schemas.ItemAdd(add.body)).toBe(true);
								expect(add.status).toBe(200);
							}
							counts.bodiesChecked += 1 + adds.length;
						});
						expect(requests.filter((r) => r.status !== 200 && r.path !== '/v1/jwt/client/obtain/token')).toEqual([]);
					}

					const partyCases = parties.map((g, i) => partyCaseOf(g, ` #p${batch}-${i}`));
					const { items, requests } = await runBatch(
						{
							resource: 'party',
							operation: 'create',
							fullname: expr('fullname'),
							phone: expr('phone'),
							additionalFields: { email: expr('email'), countryCode: expr('countryCode') },
						},
						partyCases.map((c) => JSON.parse(JSON.stringify(c.json))),
						timezone,
					);
					const creates = requests.filter((r) => r.path === '/v1/parties/create');
					partyCases.forEach((c, index) => {
						const sent = sentOrRefused(items[index], index, c, creates.find((r) => String(r.body.fullname).endsWith(c.marker)));
						if (!sent) return;
						expect(schemas.PartyCreate(sent.body)).toBe(true);
						expect(sent.body).toEqual(c.expect);
						counts.bodiesChecked++;
					});
				},
			),
			{
				numRuns: 10,
				endOnFailure: true,
				asyncReporter: async (details) => {
					if (details.failed) throw new Error(`seed ${details.seed}: ${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`);
				},
			},
		);
		// eslint-disable-next-line no-console
		console.log(`document validation property: ${counts.cases} cases (${counts.valid} valid, ${counts.invalid} invalid), ${counts.bodiesChecked} sent bodies valid per dollr-documents.yaml`);
		expect(counts.valid).toBeGreaterThan(100);
		expect(counts.invalid).toBeGreaterThan(100);
	}, 300_000);
});

// ---- Pricing and merchant queries: for any parameters, an item is refused naming a field
// (nothing sent), or its GET carries exactly the normalised values, passes the parameter
// rules of test/spec/dollr-money.yaml (checked here with ajv, apart from the server), and
// the server answers 200 or one of its own choices (404, an FX rate or a phone prefix it lacks).

/** The spec's query rules per path, checked the way FastAPI reads a query (text → integer / number). */
function specQueryChecker() {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { default: Ajv2020 } = require('ajv/dist/2020');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const YAML = require('yaml');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const fs = require('node:fs');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const path = require('node:path');
	const spec = YAML.parse(fs.readFileSync(path.join(__dirname, 'spec', 'dollr-money.yaml'), 'utf8'));
	const ajv = new Ajv2020({ strict: false });
	ajv.addSchema({ $id: 'money', components: spec.components });
	const within = (schema: unknown) =>
		JSON.parse(JSON.stringify(schema), (key, value) => (key === '$ref' && value.startsWith('#') ? `money${value}` : value));
	type Parameter = { name: string; in: string; required?: boolean; schema: IDataObject };
	// §7 (merchant info) is not in the spec file: its table, written out.
	const merchantInfo: Parameter[] = [
		{ name: 'merchant_id', in: 'query', required: true, schema: { type: 'integer' } },
		{ name: 'merchant_type', in: 'query', required: true, schema: { type: 'string', enum: ['MICRO_ORGANIZATION', 'ORGANIZATION'] } },
	];
	const rules = new Map<string, Array<Parameter & { validate: (v: unknown) => boolean; kind: string }>>();
	const parametersOf = (p: string): Parameter[] =>
		p === '/v1/merchants/merchant-info'
			? merchantInfo
			: (spec.paths[p.replace('/v1', '/{version}')].get.parameters as Parameter[]).filter((x) => x.in === 'query');
	return (p: string, query: Record<string, string>): string[] => {
		if (!rules.has(p)) {
			rules.set(
				p,
				parametersOf(p).map((parameter) => {
					const text = JSON.stringify(parameter.schema);
					const kind = /"integer"/.test(text) ? 'integer' : /"number"/.test(text) ? 'number' : 'string';
					return { ...parameter, kind, validate: ajv.compile(within(parameter.schema)) };
				}),
			);
		}
		const problems: string[] = [];
		for (const { name, required, kind, validate } of rules.get(p)!) {
			const raw = query[name];
			if (raw === undefined) {
				if (required) problems.push(`${name} missing`);
				continue;
			}
			const value = kind === 'integer' ? (/^-?\d+$/.test(raw) ? Number(raw) : NaN) : kind === 'number' ? Number(raw) : raw;
			if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`${name} not a ${kind}: ${raw}`);
			else if (!validate(value)) problems.push(`${name} breaks its schema: ${raw}`);
		}
		for (const name of Object.keys(query)) if (!rules.get(p)!.some((r) => r.name === name)) problems.push(`${name} is not a parameter`);
		return problems;
	};
}

const enumGen = (values: readonly string[], bads: unknown[]) =>
	fc.oneof(
		{ weight: 6, arbitrary: fc.constantFrom(...values).chain((v) => fc.constantFrom(ok(v), ok(v.toLowerCase(), v), ok(` ${v} `, v))) },
		{ weight: 1, arbitrary: fc.constantFrom(...bads, '', MISSING).map(bad) },
	);
const idGen = (known: number[] = []) =>
	fc.oneof(
		{ weight: 3, arbitrary: known.length ? fc.constantFrom(...known).map((n) => ok(n)) : fc.integer({ min: 1, max: 99 }).map((n) => ok(n)) },
		{ weight: 3, arbitrary: fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ok(n)) },
		{ weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }).map((n) => ok(` ${n} `, n)) },
		{ weight: 1, arbitrary: fc.constantFrom(0, -3, 1.5, 'abc', '12a', '', MISSING, true).map(bad) },
	);
const pricingCurrency = fc.oneof(
	{ weight: 3, arbitrary: currency },
	{ weight: 3, arbitrary: fc.constantFrom('USD', 'lrd', ' RWF ').map((c) => ok(c, c.trim().toUpperCase())) },
);
const operatorPhone = fc.oneof(
	{ weight: 3, arbitrary: phone },
	{ weight: 2, arbitrary: fc.constantFrom('231771234567', '+231 88 123 4567', '250-78-123-4567', '250731234567').map((p) => ok(p, p.replace(/\D/g, ''))) },
);
const tierName = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(ok('default'), ok(' growth ', 'growth')) },
	{ weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '').map((s) => ok(s, s.trim())) },
	{ weight: 1, arbitrary: fc.constantFrom(bad(''), bad('  '), bad(MISSING), bad({ tier: 'default' })) },
);
const METHODS = ['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA', 'CREDIT_CARD', 'WALLET'];
const OPERATIONS = ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'];
const OWNERS = ['USER', 'MICRO_ORGANIZATION', 'ORGANIZATION'];
const methodGen = enumGen(METHODS, ['VISA', 'MTN', 'MTN_MOMO']);
const operationGen = enumGen(OPERATIONS, ['DEPOSIT', 'COLLECT']);
const providerGen = enumGen(['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'PAWAPAY', 'STRIPE', 'PLATFORM'], ['FLUTTERWAVE', 'PAWA PAY']);
/** An optional owner of a quote: absent, or a type and an ID (one without the other is refused). */
const optionalOwner = fc.oneof(
	{ weight: 3, arbitrary: fc.constant({ type: ok(MISSING), id: ok(MISSING) }) },
	{ weight: 3, arbitrary: fc.record({ type: enumGen(OWNERS, ['ROBOT']), id: idGen([3, 7, 12]) }) },
	{ weight: 1, arbitrary: fc.constantFrom({ type: ok('USER'), id: ok(MISSING) }, { type: ok(MISSING), id: ok(12) }) },
);

/** A field of a pricing operation: its node parameter (as an expression), query name, label and generator. */
interface PricingField {
	field: string;
	param: string;
	label: string;
	gen: fc.Arbitrary<Gen>;
}
interface PricingOperation {
	resource: string;
	operation: string;
	path: string;
	fields: PricingField[];
	/** Besides 200, the answers of the server's own choices this query may get. */
	accept: (status: number, response: IDataObject) => boolean;
	owner?: boolean;
}
const f = (field: string, param: string, label: string, gen: fc.Arbitrary<Gen>): PricingField => ({ field, param, label, gen });
const fxOnly = (status: number, response: IDataObject) =>
	status === 422 && (response.detail as IDataObject[]).every((d) => String(d.msg).startsWith('No exchange rate known'));

describe('Pricing and merchant queries (property)', () => {
	let harness: Awaited<ReturnType<typeof startDollrHarness>>;
	let known: { invoice: number; order: number };
	beforeAll(async () => {
		harness = await startDollrHarness({ Dollr, DollrApi });
		const [invoice] = harness.server.seedDocuments('INVOICE', [{ status: 'ACTIVE', currency: 'USD', fee_bearer: 'PAYER', items: [{ name: 'Lamp', qty: 1, amount: 45 }] }]);
		const [order] = harness.server.seedDocuments('ORDER', [{ status: 'ACTIVE', currency: 'LRD', items: [{ name: 'Rice', qty: 3, amount: 1500, currency: 'LRD' }] }]);
		known = { invoice: invoice.id, order: order.id };
	});
	afterAll(async () => {
		await harness.close();
	});

	const operations = (): PricingOperation[] => [
		{
			resource: 'pricing',
			operation: 'quote',
			path: '/v1/predictions/amount-and-fees',
			owner: true,
			fields: [
				f('baseAmount', 'base_amount', 'Base Amount', amount),
				f('baseCurrency', 'base_currency', 'Base Currency', pricingCurrency),
				f('targetCurrency', 'target_currency', 'Target Currency', pricingCurrency),
				f('paymentMethod', 'payment_method', 'Payment Method', methodGen),
				f('operationType', 'operation_type', 'Operation Type', operationGen),
				f('provider', 'provider', 'Provider', providerGen),
				f('feeBearer', 'fee_bearer', 'Fee Bearer', feeBearer),
			],
			accept: fxOnly,
		},
		{
			resource: 'pricing',
			operation: 'quoteDocument',
			path: '/v1/predictions/payment-source/amount-and-fees',
			fields: [
				f('sourceType', 'source_type', 'Source Type', enumGen(['INVOICE', 'ORDER'], ['SUBSCRIPTION', 'INVOICES'])),
				f('sourceId', 'source_id', 'Source ID', idGen([known.invoice, known.order])),
				f('targetCurrency', 'target_currency', 'Target Currency', pricingCurrency),
				f('paymentMethod', 'payment_method', 'Payment Method', methodGen),
				f('provider', 'provider', 'Provider', providerGen),
			],
			accept: (status, response) => status === 404 || fxOnly(status, response),
		},
		{
			resource: 'pricing',
			operation: 'detectOperator',
			path: '/v1/predictions/mmo-provider-info',
			fields: [f('phone', 'phone', 'Phone', operatorPhone), f('operationType', 'operation_type', 'Operation Type', operationGen)],
			accept: (status, response) =>
				status === 422 && (response.detail as IDataObject[])[0]?.msg === 'no mobile-money operator known for this number',
		},
		{
			resource: 'pricing',
			operation: 'getGatewayFees',
			path: '/v1/fees/gateway',
			fields: [f('paymentMethod', 'payment_method', 'Payment Method', methodGen), f('operationType', 'operation_type', 'Operation Type', operationGen)],
			accept: () => false,
		},
		{
			resource: 'pricing',
			operation: 'getPlatformFees',
			path: '/v1/fees/platform',
			fields: [f('operationType', 'operation_type', 'Operation Type', operationGen), f('feeTierName', 'fee_tier_name', 'Fee Tier Name', tierName)],
			accept: (status) => status === 404,
		},
		{
			resource: 'pricing',
			operation: 'getFeeTier',
			path: '/v1/fees/merchant-tier',
			fields: [f('ownerType', 'owner_type', 'Owner Type', enumGen(OWNERS, ['ROBOT'])), f('ownerId', 'owner_id', 'Owner ID', idGen([3, 7, 12]))],
			accept: (status) => status === 404,
		},
		{
			resource: 'merchant',
			operation: 'get',
			path: '/v1/merchants/merchant-info',
			fields: [
				f('merchantId', 'merchant_id', 'Merchant ID', idGen([7, 12])),
				f('merchantType', 'merchant_type', 'Merchant Type', enumGen(['MICRO_ORGANIZATION', 'ORGANIZATION'], ['USER', 'ORG'])),
			],
			accept: (status) => status === 404,
		},
	];

	test('every generated query is refused with a named field, or sent exactly and within the spec\'s parameter rules', async () => {
		const checkQuery = specQueryChecker();
		const counts = { cases: 0, valid: 0, invalid: 0, sent: 0, serverChoices: 0 };
		for (const op of operations()) {
			const caseArb = fc.record({
				values: fc.tuple(...op.fields.map((field) => field.gen)),
				owner: op.owner ? optionalOwner : fc.constant({ type: ok(MISSING), id: ok(MISSING) }),
			});
			await fc.assert(
				fc.asyncProperty(fc.array(caseArb, { minLength: 20, maxLength: 40 }), async (generated) => {
					const cases = generated.map(({ values, owner }) => {
						const json: IDataObject = {};
						const invalid: string[] = [];
						const expected: Record<string, string> = {};
						op.fields.forEach((field, i) => {
							const gen = values[i] as Gen;
							json[field.field] = gen.v as IDataObject[string];
							if (gen.bad) invalid.push(field.label);
							else expected[field.param] = String(gen.norm);
						});
						if (op.owner) {
							json.ownerType = owner.type.v as IDataObject[string];
							json.ownerId = owner.id.v as IDataObject[string];
							for (const [gen, label, param] of [[owner.type, 'Owner Type', 'owner_type'], [owner.id, 'Owner ID', 'owner_id']] as const) {
								if (gen.bad) invalid.push(label);
								else if (gen.norm !== undefined) expected[param] = String(gen.norm);
							}
							// One of the two without the other: the missing one is named.
							if ((owner.type.v === MISSING) !== (owner.id.v === MISSING)) invalid.push(owner.type.v === MISSING ? 'Owner Type' : 'Owner ID');
						}
						return { json, invalid, expected };
					});
					harness.server.reset();
					const parameters: IDataObject = {
						resource: op.resource,
						operation: op.operation,
						...Object.fromEntries(op.fields.map((field) => [field.field, expr(field.field)])),
						...(op.owner ? { additionalFields: { ownerType: expr('ownerType'), ownerId: expr('ownerId') } } : {}),
					};
					const run = await harness.runWorkflow(
						singleNodeWorkflow(parameters, cases.map((c) => JSON.parse(JSON.stringify(c.json))), { onError: 'continueRegularOutput' }),
					);
					expect(errorOf(run, 'Dollr')).toBeUndefined();
					const items = outputOf(run, 'Dollr');
					expect(items).toHaveLength(cases.length);
					// Concurrency 1: the requests come in item order, one per valid item.
					const requests = (harness.server.requests as Array<{ path: string; query: Record<string, string>; status: number; response: IDataObject }>).filter(
						(r) => r.path !== '/v1/jwt/client/obtain/token',
					);
					let next = 0;
					cases.forEach((c, index) => {
						counts.cases++;
						const out = items[index];
						if (c.invalid.length > 0) {
							counts.invalid++;
							const message = String(out.json.error ?? '');
							if (!c.invalid.some((label) => namesField(message, label)) || !message.endsWith(`[item ${index}]`)) {
								throw new Error(`${op.operation} ${JSON.stringify(c.json)} (invalid: ${c.invalid.join(', ')}) gave ${JSON.stringify(out.json)}`);
							}
							return;
						}
						counts.valid++;
						const sent = requests[next++];
						if (!sent || sent.path !== op.path) throw new Error(`${op.operation} valid case ${JSON.stringify(c.json)} was not sent: ${JSON.stringify(out.json)}`);
						counts.sent++;
						expect(sent.query).toEqual(c.expected);
						const problems = checkQuery(op.path, sent.query);
						if (problems.length) throw new Error(`${op.operation} sent ${JSON.stringify(sent.query)}: ${problems.join('; ')}`);
						if (sent.status !== 200) {
							if (!op.accept(sent.status, sent.response)) {
								throw new Error(`${op.operation} ${JSON.stringify(sent.query)} got ${sent.status} ${JSON.stringify(sent.response)}`);
							}
							counts.serverChoices++;
							expect(out.json.error).toEqual(expect.stringMatching(new RegExp(`\\[item ${index}\\]$`)));
						} else expect(out.json).toEqual(sent.response);
					});
					// Nothing sent for a refused item, nothing sent twice.
					expect(next).toBe(requests.length);
				}),
				{
					numRuns: 6,
					endOnFailure: true,
					asyncReporter: async (details) => {
						if (details.failed) throw new Error(`seed ${details.seed}: ${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`);
					},
				},
			);
		}
		// eslint-disable-next-line no-console
		console.log(
			`pricing query property: ${counts.cases} cases (${counts.valid} valid, ${counts.invalid} invalid), ${counts.sent} sent within the spec's parameter rules, ${counts.serverChoices} answered 404 / FX / prefix by the server`,
		);
		expect(counts.valid).toBeGreaterThan(200);
		expect(counts.invalid).toBeGreaterThan(100);
	}, 300_000);
});
