/**
 * Property: for any Collection, Payout or Transfer › Create parameters, valid or
 * not, the node either fails that item before sending anything for it, naming a
 * field it was given wrong and the item, or sends bodies that validate against
 * test/spec/dollr-money.yaml (ajv) and the local server accepts: the payment
 * account, the session and the execution. Each generated case is one input item
 * (parameters are expressions reading `$json`); a batch is one workflow run with
 * Continue On Fail and Concurrency 8.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { deriveReference } from '../nodes/Dollr/helpers/reference';
import { type RecordedRequest, useHarness } from './helpers';
import { MONEY_CREDENTIAL, TOKEN_PATH } from './money-helpers';

const harness = useHarness();
const CLIENT_ID = 'test-client';

interface Gen {
	v: unknown;
	bad: boolean;
}
const ok = (v: unknown): Gen => ({ v, bad: false });
const bad = (v: unknown): Gen => ({ v, bad: true });
const MISSING = undefined;
const pad = fc.constantFrom('', ' ', '  ');

const phone = fc.oneof(
	{ weight: 5, arbitrary: fc.tuple(pad, fc.boolean(), fc.integer({ min: 1_000_000, max: 9_999_999 })).map(([p, plus, n]) => ok(`${p}${plus ? '+' : ''}23188${n}${p}`)) },
	{ weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => ok(`231 88-${n}`)) },
	{ weight: 1, arbitrary: fc.constantFrom('0771234567', '12345', '23177abc4567', '', '1234567890123456', MISSING).map(bad) },
);
const method = fc.oneof(
	{ weight: 5, arbitrary: fc.constantFrom('MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'airtel_rwa', 'MTN_MOMO_RWA', ' ORANGE_MONEY_RWA ').map(ok) },
	{ weight: 1, arbitrary: fc.constantFrom('MPESA', '', 'CARD', MISSING).map(bad) },
);
const amount = fc.oneof(
	{ weight: 5, arbitrary: fc.oneof(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.integer({ min: 1, max: 500 })).map(ok) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }).map((n) => ok(` ${n} `)) },
	{ weight: 1, arbitrary: fc.constantFrom(0, -5, 0.001, 'abc', '', MISSING, '12$').map(bad) },
);
/** Currencies the local server holds a wallet in (payouts and transfers debit one). */
const walletCurrency = fc.oneof(
	{ weight: 5, arbitrary: fc.constantFrom('USD', 'usd', ' LRD ', 'RWF').map(ok) },
	{ weight: 1, arbitrary: fc.constantFrom('US', 'U5D', 'DOLLARS', '', MISSING).map(bad) },
);
const provider = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 2, arbitrary: fc.constantFrom('PAWAPAY', 'pawapay', 'MTN_MOMO_LBR').map(ok) },
	{ weight: 1, arbitrary: fc.constantFrom('PAYPAL', 'x').map(bad) },
);
const countryCode = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 2, arbitrary: fc.constantFrom('LR', 'rw', ' lr ').map(ok) },
	{ weight: 1, arbitrary: fc.constantFrom('XX', 'LBR').map(bad) },
);
const accountName = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '').map(ok) },
	{ weight: 1, arbitrary: fc.constant(bad({ a: 1 })) },
);
/** A Reference ID: a row's text, a UUID v4, or (refused for money out) empty. */
const reference = fc.oneof(
	{ weight: 5, arbitrary: fc.constant(ok('row')) },
	{ weight: 2, arbitrary: fc.constant(ok('uuid')) },
	{ weight: 1, arbitrary: fc.constantFrom('', '  ').map(bad) },
);
const expiresAt = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(ok(MISSING)) },
	{ weight: 2, arbitrary: fc.constantFrom('2099-01-01T00:00:00Z', '2098-06-30 12:00', ' 2097-12-31 ').map(ok) },
	{ weight: 1, arbitrary: fc.constantFrom('soon', '2099-02-30', 'tomorrow').map(bad) },
);
const optionalPositive = (good: number) =>
	fc.oneof(
		{ weight: 4, arbitrary: fc.constant(ok(MISSING)) },
		{ weight: 2, arbitrary: fc.constantFrom(good, String(good), ` ${good}`).map(ok) },
		{ weight: 1, arbitrary: fc.constantFrom(1.5, 'abc', -3).map(bad) },
	);
const required = (good: number) =>
	fc.oneof({ weight: 6, arbitrary: fc.constantFrom(good, String(good)).map(ok) }, { weight: 1, arbitrary: fc.constantFrom(0, 'x', 2.5, '').map(bad) });

const expr = (key: string) => `={{ $json.${key} }}`;

/** Field label → generated value, per case; the input item holds each under its key. */
type Fields = Record<string, { label: string; gen: Gen }>;

function caseOf(fields: Fields, tag: string, operationType: string) {
	const json: IDataObject = {};
	const invalid: string[] = [];
	for (const [key, { label, gen }] of Object.entries(fields)) {
		if (gen.bad) invalid.push(label);
		json[key] = gen.v as IDataObject[string];
	}
	// The Reference ID: a unique row text or a fresh UUID v4.
	const kind = fields.referenceId.gen.v;
	let expected: string | undefined;
	if (kind === 'row') {
		json.referenceId = `row-${tag}`;
		expected = deriveReference(`row-${tag}`, operationType as 'PAYOUT', CLIENT_ID);
	} else if (kind === 'uuid') {
		expected = randomUUID();
		json.referenceId = expected;
	}
	return { json: JSON.parse(JSON.stringify(json)) as IDataObject, invalid, reference: expected };
}

/** Only the cases with no invalid field (so that a batch has many valid ones). */
function allValid<T extends object>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
	return arbitrary.filter((record) => Object.values(record).every((value) => (value as Gen)?.bad !== true && value !== true));
}

function namesField(message: string, label: string): boolean {
	return message.startsWith(`${label} `);
}

describe('money bodies (property)', () => {
	const counts = { cases: 0, valid: 0, invalid: 0, bodies: 0 };

	beforeEach(() => harness.setCredential(MONEY_CREDENTIAL));

	/** Runs one batch and checks every case: refused before sending, or sent with schema-valid bodies. */
	async function check(parameters: IDataObject, cases: Array<ReturnType<typeof caseOf>>, type: string, schemas: { session: string; execution: string }) {
		harness.server.reset();
		const { items, error } = await harness.run({ ...parameters, options: { concurrency: 8, maxRetries: 0 } }, cases.map((c) => c.json), { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(cases.length);
		const requests = harness.server.requests.filter((r) => r.path !== TOKEN_PATH) as RecordedRequest[];
		const money = harness.server.schemas.money;
		const sessions = new Map(requests.filter((r) => r.path.startsWith('/v1/sessions/')).map((r) => [String((r.response as IDataObject | undefined)?.id), r]));
		for (const account of requests.filter((r) => r.path === '/v1/payment-accounts/create')) {
			expect(money.CreatePaymentAccountPayload(account.body)).toBe(true);
			expect(account.status).toBe(200);
			counts.bodies++;
		}
		cases.forEach((c, index) => {
			counts.cases++;
			const out = items[index].json as IDataObject;
			const mine = requests.filter((r) => c.reference !== undefined && (r.path.endsWith(`/${c.reference}`) || r.body?.reference_id === c.reference));
			if (c.invalid.length > 0) {
				counts.invalid++;
				const message = String(out.error ?? '');
				if (!c.invalid.some((label) => namesField(message, label)) || !message.endsWith(`[item ${index}]`) || mine.length > 0) {
					throw new Error(`${JSON.stringify(c.json)} (invalid: ${c.invalid.join(', ')}) gave ${JSON.stringify(out)}${mine.length ? ' and was sent' : ''}`);
				}
				return;
			}
			counts.valid++;
			const execute = mine.find((r) => r.path === `/v1/executions/${type}`);
			if (!execute || execute.status !== 200 || out.error !== undefined) {
				throw new Error(`valid ${JSON.stringify(c.json)} gave ${JSON.stringify(out)}; execute: ${execute ? `${String(execute.status)} ${JSON.stringify(execute.response)}` : 'none'}`);
			}
			expect(money[schemas.execution](execute.body)).toBe(true);
			const session = sessions.get(String(execute.body.session_id));
			expect(session?.status).toBe(200);
			expect(money[schemas.session](session?.body)).toBe(true);
			expect(money.ExecutionResponse(execute.response)).toBe(true);
			expect(out.reference_id).toBe(c.reference);
			counts.bodies += 2;
		});
	}

	test('Payout, Transfer and Collection: refused naming a field, or sent with bodies dollr-money.yaml accepts', async () => {
		const [party] = harness.server.seedParties([{ fullname: 'Property Payee', phone: '231881234567' }]);
		const [counterparty] = harness.server.seedCounterparties([{ relationship_type: 'SUPPLIER', party_id: party.id }]);
		// Plenty in every wallet: a payout the wallet cannot cover is still accepted (FAILED), but keep them PENDING.
		harness.server.setMoneyOptions({ wallets: [{ id: 1, currency: 'USD', balance: 1e9 }, { id: 2, currency: 'LRD', balance: 1e9 }, { id: 3, currency: 'RWF', balance: 1e9 }] });
		const partyId = Number(party.id);
		const payout = fc.record({ partyId: required(partyId), phone, method, amount, currency: walletCurrency, referenceId: reference, payoutAccountId: fc.constant(ok(MISSING)), accountName, countryCode, provider });
		const transfer = fc.record({ wallet: fc.constantFrom(1, 2, 3), amount, referenceId: reference, expiresAt, badWallet: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) });
		const collection = fc.record({ phone, method, currency: walletCurrency, referenceId: fc.oneof(reference.filter((g) => !g.bad), fc.constant(ok(''))), partyId: optionalPositive(partyId), accountName, countryCode, provider });
		let batch = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof(allValid(payout), payout), { minLength: 20, maxLength: 40 }),
				fc.array(fc.oneof(allValid(transfer), transfer), { minLength: 10, maxLength: 20 }),
				fc.array(fc.oneof(allValid(collection), collection), { minLength: 10, maxLength: 20 }),
				async (payouts, transfers, collections) => {
					batch++;
					await check(
						{
							resource: 'payout', operation: 'create', partyId: expr('partyId'), phone: expr('phone'), method: expr('method'), amount: expr('amount'), currency: expr('currency'), referenceId: expr('referenceId'),
							additionalFields: { accountName: expr('accountName'), countryCode: expr('countryCode'), provider: expr('provider') },
						},
						payouts.map((g, i) =>
							caseOf(
								{
									partyId: { label: 'Party ID', gen: g.partyId }, phone: { label: 'Phone', gen: g.phone }, method: { label: 'Method', gen: g.method }, amount: { label: 'Amount', gen: g.amount },
									currency: { label: 'Currency', gen: g.currency }, referenceId: { label: 'Reference ID', gen: g.referenceId }, accountName: { label: 'Account Name', gen: g.accountName },
									countryCode: { label: 'Country Code', gen: g.countryCode }, provider: { label: 'Provider', gen: g.provider },
								},
								`p${batch}-${i}-${randomUUID()}`,
								'PAYOUT',
							),
						),
						'payout',
						{ session: 'CreatePayoutSessionPayload', execution: 'PayoutExecutionPayload' },
					);
					await check(
						{
							resource: 'transfer', operation: 'create', fromWalletId: expr('fromWalletId'), counterpartyId: expr('counterpartyId'), amount: expr('amount'), currency: expr('currency'), referenceId: expr('referenceId'),
							additionalFields: { expiresAt: expr('expiresAt') },
						},
						transfers.map((g, i) => {
							const c = caseOf(
								{
									fromWalletId: { label: 'From Wallet ID', gen: g.badWallet ? bad('wallet') : ok(g.wallet) }, amount: { label: 'Amount', gen: g.amount },
									currency: { label: 'Currency', gen: ok(['USD', 'LRD', 'RWF'][g.wallet - 1]) }, referenceId: { label: 'Reference ID', gen: g.referenceId }, expiresAt: { label: 'Expires At', gen: g.expiresAt },
								},
								`t${batch}-${i}-${randomUUID()}`,
								'TRANSFER',
							);
							c.json.counterpartyId = Number(counterparty.id);
							return c;
						}),
						'transfer',
						{ session: 'CreateTransferSessionPayload', execution: 'TransferExecutionPayload' },
					);
					// One published invoice per collection (a collection makes its invoice PROCESSING).
					const invoices = harness.server.seedDocuments(
						'INVOICE',
						collections.map(() => ({ status: 'ACTIVE', counterparty_id: counterparty.id, currency: 'USD', note: 'property', fee_bearer: 'PAYEE', items: [{ name: 'x', qty: 1, amount: 10, currency: 'USD' }] })),
					);
					await check(
						{
							resource: 'collection', operation: 'create', sourceType: 'INVOICE', sourceId: expr('sourceId'), payerPhone: expr('phone'), method: expr('method'), currency: expr('currency'), referenceId: expr('referenceId'),
							additionalFields: { partyId: expr('partyId'), accountName: expr('accountName'), countryCode: expr('countryCode'), provider: expr('provider') },
						},
						collections.map((g, i) => {
							const c = caseOf(
								{
									phone: { label: 'Payer Phone', gen: g.phone }, method: { label: 'Method', gen: g.method }, currency: { label: 'Currency', gen: g.currency },
									referenceId: { label: 'Reference ID', gen: g.referenceId.v === '' ? ok('uuid') : g.referenceId }, partyId: { label: 'Party ID', gen: g.partyId },
									accountName: { label: 'Account Name', gen: g.accountName }, countryCode: { label: 'Country Code', gen: g.countryCode }, provider: { label: 'Provider', gen: g.provider },
								},
								`c${batch}-${i}-${randomUUID()}`,
								'COLLECTION',
							);
							c.json.sourceId = invoices[i].id as number;
							return c;
						}),
						'collection',
						{ session: 'CreateCheckoutSessionPayload', execution: 'CheckoutExecutionPayload' },
					);
				},
			),
			{
				numRuns: 6,
				endOnFailure: true,
				asyncReporter: async (details) => {
					if (details.failed) throw new Error(`seed ${details.seed}: ${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`);
				},
			},
		);
		// eslint-disable-next-line no-console
		console.log(`money validation property: ${counts.cases} cases (${counts.valid} valid, ${counts.invalid} invalid), ${counts.bodies} sent bodies valid per dollr-money.yaml`);
		expect(counts.valid).toBeGreaterThan(60);
		expect(counts.invalid).toBeGreaterThan(40);
	}, 300_000);
});
