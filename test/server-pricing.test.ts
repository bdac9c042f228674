/**
 * The local Dollr server's read-only money endpoints over HTTP (fetch):
 * predictions, fees and merchant info. Every 200 is checked with ajv against
 * its response schema in test/spec/dollr-money.yaml (merchant info, which that
 * file lacks, against the contract's §7 table written out below), every 422
 * against HTTPValidationError; the query rules (required, enums, currency
 * pattern, integers) come from the same file's parameters.
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';

import { type Json, send, startWithBearer } from './server-client';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemas } = require('./server/dollr-server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FX_PER_USD, OPERATORS } = require('./server/pricing');

type Validator = ((value: unknown) => boolean) & { errors?: unknown };

const spec = YAML.parse(fs.readFileSync(path.join(__dirname, 'spec', 'dollr-money.yaml'), 'utf8'));

/** §7 MerchantInfoResponse: id, name, type required; email and phone nullable, phone 8-15 digits. */
const merchantInfo: Validator = new Ajv2020({ allErrors: true }).compile({
	type: 'object',
	properties: {
		id: { type: 'integer' },
		name: { type: 'string' },
		type: { type: 'string' },
		email: { type: ['string', 'null'] },
		phone: { anyOf: [{ type: 'string', pattern: '^\\d{8,15}$' }, { type: 'null' }] },
	},
	required: ['id', 'name', 'type'],
});

let server: Json;
let bearer: string;

beforeAll(async () => {
	({ server, bearer } = await startWithBearer());
});
afterAll(async () => await server.close());

function expectShape(name: string, value: unknown) {
	const validate: Validator = name === 'MerchantInfoResponse' ? merchantInfo : schemas.money[name];
	if (!validate) throw new Error(`no schema ${name}`);
	if (!validate(value)) throw new Error(`${name}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(value)}`);
}

/** GET `path?query`; 422 answers must be HTTPValidationError, 200 ones `schema` (`X[]`: an array of X). */
async function get(pathname: string, query: Record<string, string | number>, schema?: string, auth = true): Promise<{ status: number; json: Json }> {
	const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
	const answer = await send({ server, bearer: auth ? bearer : '' }, 'GET', `${pathname}${qs ? `?${qs}` : ''}`);
	const { json } = answer;
	if (answer.status === 422) expectShape('HTTPValidationError', json);
	if (answer.status === 200 && schema) {
		if (schema.endsWith('[]')) {
			expect(Array.isArray(json)).toBe(true);
			for (const entry of json as unknown[]) expectShape(schema.slice(0, -2), entry);
		} else expectShape(schema, json);
	}
	return { status: answer.status, json };
}

const QUOTE = {
	base_amount: 100,
	base_currency: 'USD',
	target_currency: 'LRD',
	payment_method: 'MTN_MOMO_LBR',
	operation_type: 'COLLECTION',
	provider: 'PAWAPAY',
	fee_bearer: 'PAYER',
};

/** A valid query and the response schema of every endpoint. */
const ENDPOINTS: Array<[string, Record<string, string | number>, string]> = [
	['/v1/predictions/mmo-provider-info', { phone: '231771234567', operation_type: 'COLLECTION' }, 'PredictPhonePaymentInfoResponse'],
	['/v1/predictions/amount-and-fees', QUOTE, 'AmountAndFeePredictionResponse'],
	['/v1/fees/gateway', { payment_method: 'AIRTEL_RWA', operation_type: 'PAYOUT' }, 'FeeWithProviderResponse'],
	['/v1/fees/platform', { operation_type: 'COLLECTION', fee_tier_name: 'default' }, 'FeeTierRateResponse'],
	['/v1/fees/merchant-tier', { owner_type: 'ORGANIZATION', owner_id: 12 }, 'MerchantFeeResponse'],
	['/v1/fees/tiers', {}, 'FeeTierResponse[]'],
	['/v1/merchants/merchant-info', { merchant_id: 7, merchant_type: 'MICRO_ORGANIZATION' }, 'MerchantInfoResponse'],
];

describe('every endpoint', () => {
	it.each(ENDPOINTS)('%s answers its schema, and 401 without a bearer', async (pathname, query, schema) => {
		const { status, json } = await get(pathname, query, schema);
		expect(status).toBe(200);
		expect(json).toBeTruthy();
		expect(await get(pathname, query, undefined, false)).toEqual({ status: 401, json: { detail: 'Not authenticated' } });
		const post = await fetch(`${server.url}${pathname}`, { method: 'POST', headers: { authorization: bearer } });
		expect(post.status).toBe(405);
	});

	it('refuses each required parameter the spec lists when it is absent: 422 on ["query", name]', async () => {
		let checked = 0;
		for (const [pathname, query] of ENDPOINTS.filter(([p]) => p !== '/v1/merchants/merchant-info')) {
			const parameters = spec.paths[pathname.replace('/v1', '/{version}')].get.parameters as Array<{ name?: string; in?: string; required?: boolean }>;
			for (const { name, required } of parameters.filter((p) => p.in === 'query')) {
				const without = Object.fromEntries(Object.entries(query).filter(([key]) => key !== name));
				const { status, json } = await get(pathname, without);
				if (required) {
					expect([pathname, status, json.detail]).toEqual([pathname, 422, [{ type: 'missing', loc: ['query', name], msg: 'Field required', input: null }]]);
					checked++;
				} else expect(status).toBe(200);
			}
		}
		expect(checked).toBe(2 + 7 + 2 + 2 + 2);
		const { json } = await get('/v1/merchants/merchant-info', {});
		expect(json.detail.map((d: Json) => d.loc)).toEqual([['query', 'merchant_id'], ['query', 'merchant_type']]);
	});

	it('refuses enums, currency codes and integers that break the spec, every problem at once', async () => {
		const { status, json } = await get('/v1/predictions/amount-and-fees', {
			...QUOTE,
			base_amount: 'ten',
			base_currency: 'usd',
			target_currency: 'LRDX',
			payment_method: 'VISA',
			provider: 'pawapay',
			owner_type: 'ROBOT',
			owner_id: '1.5',
		});
		expect(status).toBe(422);
		expect(json.detail.map((d: Json) => [d.loc[1], d.type])).toEqual([
			['base_amount', 'float_parsing'],
			['base_currency', 'string_pattern_mismatch'],
			['target_currency', 'string_pattern_mismatch'],
			['payment_method', 'enum'],
			['provider', 'enum'],
			['owner_type', 'enum'],
			['owner_id', 'int_parsing'],
		]);
		// payment_method is an anyOf of the mobile-money methods and CREDIT_CARD / WALLET: the message lists all.
		expect(json.detail[3].msg).toBe(
			"Input should be 'MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA', 'CREDIT_CARD' or 'WALLET'",
		);
		expect(json.detail[3].input).toBe('VISA');
		expect((await get('/v1/fees/gateway', { payment_method: 'WALLET', operation_type: 'TRANSFER' }, 'FeeWithProviderResponse')).status).toBe(200);
	});
});

describe('predictions', () => {
	it('looks the operator up by prefix, as MONEY-INTERFACE.md lists them; another prefix is a 422 on phone', async () => {
		const expected: Array<[string, string, string]> = [
			['231771234567', 'ORANGE_MONEY_LBR', 'LR'],
			['231881234567', 'MTN_MOMO_LBR', 'LR'],
			['231551234567', 'MTN_MOMO_LBR', 'LR'],
			['250781234567', 'MTN_MOMO_RWA', 'RW'],
			['250791234567', 'MTN_MOMO_RWA', 'RW'],
			['250721234567', 'AIRTEL_RWA', 'RW'],
			['250731234567', 'AIRTEL_RWA', 'RW'],
		];
		for (const [phone, method, country] of expected) {
			const { json } = await get('/v1/predictions/mmo-provider-info', { phone, operation_type: 'PAYOUT' }, 'PredictPhonePaymentInfoResponse');
			expect(json).toMatchObject({ phone, payment_method: method, country, gateway_provider: 'PAWAPAY', operation_type: 'PAYOUT' });
		}
		expect(OPERATORS.flatMap((o: Json) => o.prefixes)).toHaveLength(expected.length);
		for (const phone of ['231661234567', '447700900123', '250701234567']) {
			const { status, json } = await get('/v1/predictions/mmo-provider-info', { phone, operation_type: 'COLLECTION' });
			expect([status, json.detail[0].loc, json.detail[0].msg]).toEqual([422, ['query', 'phone'], 'no mobile-money operator known for this number']);
		}
	});

	it('prices with the FX table, the tier and the gateway table; the fee bearer decides who carries the fees', async () => {
		const payer = (await get('/v1/predictions/amount-and-fees', QUOTE, 'AmountAndFeePredictionResponse')).json;
		// 100 USD → 19 000 LRD; platform 1.5 % = 285, FX 1 % = 190, MoMo gateway 2.5 % = 475.
		expect(payer).toEqual({
			payer_amount: '19950.00',
			payer_currency: 'LRD',
			payee_amount: '100.00',
			payee_currency: 'USD',
			platform_fee: '285.00',
			platform_currency: 'LRD',
			fx_fee: '190.00',
			gateway_fee: '475.00',
			gateway_currency: 'LRD',
		});
		const payee = (await get('/v1/predictions/amount-and-fees', { ...QUOTE, fee_bearer: 'PAYEE' }, 'AmountAndFeePredictionResponse')).json;
		// 950 LRD of fees = 5 USD off what the payee receives.
		expect(payee).toMatchObject({ payer_amount: '19000.00', payee_amount: '95.00' });
		const card = (
			await get('/v1/predictions/amount-and-fees', { ...QUOTE, base_amount: 10, target_currency: 'USD', payment_method: 'CREDIT_CARD', provider: 'STRIPE' }, 'AmountAndFeePredictionResponse')
		).json;
		// Card: 2.9 % + 0.30 USD; same currency, no FX fee.
		expect(card).toMatchObject({ payer_amount: '10.74', platform_fee: '0.15', fx_fee: null, gateway_fee: '0.59' });
		expect(Object.keys(FX_PER_USD)).toEqual(['USD', 'LRD', 'RWF']);
		const rwf = (await get('/v1/predictions/amount-and-fees', { ...QUOTE, target_currency: 'RWF', payment_method: 'WALLET', provider: 'PLATFORM', operation_type: 'TRANSFER' }, 'AmountAndFeePredictionResponse')).json;
		// 140 000 RWF + 0.5 % transfer fee + 1 % FX; the wallet's gateway takes nothing.
		expect(rwf).toMatchObject({ payer_amount: '142100.00', platform_fee: '700.00', fx_fee: '1400.00', gateway_fee: '0.00' });
		const unknown = await get('/v1/predictions/amount-and-fees', { ...QUOTE, target_currency: 'NGN' });
		expect([unknown.status, unknown.json.detail[0].loc]).toEqual([422, ['query', 'target_currency']]);
	});

	it('uses a merchant\'s assigned tier when owner_type and owner_id are both given, else the default tier', async () => {
		const growth = await get('/v1/predictions/amount-and-fees', { ...QUOTE, owner_type: 'ORGANIZATION', owner_id: 12 }, 'AmountAndFeePredictionResponse');
		expect(growth.json).toMatchObject({ platform_fee: '190.00', fx_fee: '142.50' });
		const unassigned = await get('/v1/predictions/amount-and-fees', { ...QUOTE, owner_type: 'ORGANIZATION', owner_id: 999 }, 'AmountAndFeePredictionResponse');
		expect(unassigned.json).toMatchObject({ platform_fee: '285.00' });
	});

	it('quotes an ACTIVE invoice or order from its total, currency and fee bearer; 404 unknown, 409 not ACTIVE', async () => {
		const [active, paid, noBearer] = server.seedDocuments('INVOICE', [
			{ status: 'ACTIVE', currency: 'LRD', fee_bearer: 'PAYER', items: [{ name: 'Rice', qty: 2, amount: 950, currency: 'LRD' }] },
			{ status: 'PAID', currency: 'USD', fee_bearer: 'PAYER', items: [{ name: 'Lamp', qty: 1, amount: 10 }] },
			{ status: 'ACTIVE', currency: 'USD', items: [{ name: 'Lamp', qty: 1, amount: 100 }] },
		]);
		const query = { target_currency: 'USD', payment_method: 'MTN_MOMO_LBR', provider: 'PAWAPAY', source_type: 'INVOICE' };
		const quoted = await get('/v1/predictions/payment-source/amount-and-fees', { ...query, source_id: active.id }, 'AmountAndFeePredictionResponse');
		// 1 900 LRD = 10 USD; + 1.5 % + 1 % FX + 2.5 %, carried by the payer.
		expect(quoted.json).toMatchObject({ payer_amount: '10.50', payer_currency: 'USD', payee_amount: '1900.00', payee_currency: 'LRD' });
		const payeeCarries = await get('/v1/predictions/payment-source/amount-and-fees', { ...query, source_id: noBearer.id }, 'AmountAndFeePredictionResponse');
		expect(payeeCarries.json).toMatchObject({ payer_amount: '100.00', payee_amount: '96.00' });
		expect(await get('/v1/predictions/payment-source/amount-and-fees', { ...query, source_id: paid.id })).toEqual({
			status: 409,
			json: { detail: `Invoice ${String(paid.invoice_number)} is PAID: only an ACTIVE (published) source can be quoted` },
		});
		expect(await get('/v1/predictions/payment-source/amount-and-fees', { ...query, source_type: 'ORDER', source_id: 424242 })).toEqual({
			status: 404,
			json: { detail: 'Source not found' },
		});
		const subscription = await get('/v1/predictions/payment-source/amount-and-fees', { ...query, source_type: 'SUBSCRIPTION', source_id: 1 });
		expect([subscription.status, subscription.json.detail[0].loc]).toEqual([422, ['query', 'source_type']]);
	});
});

describe('fees and merchants', () => {
	it('gateway fees: a number percentage per method and operation type', async () => {
		const momo = (await get('/v1/fees/gateway', { payment_method: 'ORANGE_MONEY_RWA', operation_type: 'COLLECTION' }, 'FeeWithProviderResponse')).json;
		expect(momo).toMatchObject({ payment_method: 'ORANGE_MONEY_RWA', operation_type: 'COLLECTION', percentage: 2.5, fixed_fee: null });
		const wallet = (await get('/v1/fees/gateway', { payment_method: 'WALLET', operation_type: 'TRANSFER' }, 'FeeWithProviderResponse')).json;
		expect(wallet.percentage).toBe(0);
		expect(wallet.id).not.toBe(momo.id);
	});

	it('platform fees: string percentages of a named tier; an unknown tier is 404', async () => {
		const { json } = await get('/v1/fees/platform', { operation_type: 'TRANSFER', fee_tier_name: 'default' }, 'FeeTierRateResponse');
		expect(json).toMatchObject({ operation_type: 'TRANSFER', percentage: '0.50', fx_percentage: '1.00', tier: { name: 'default', is_default: true } });
		expect(await get('/v1/fees/platform', { operation_type: 'TRANSFER', fee_tier_name: 'gold' })).toEqual({ status: 404, json: { detail: 'Fee tier not found' } });
	});

	it('merchant tier and merchant info for the seeded merchants; unknown (or another type) is 404', async () => {
		const tier = (await get('/v1/fees/merchant-tier', { owner_type: 'USER', owner_id: 3 }, 'MerchantFeeResponse')).json;
		expect(tier).toMatchObject({ owner_type: 'USER', owner_id: 3, tier: { name: 'default' } });
		expect((await get('/v1/fees/merchant-tier', { owner_type: 'USER', owner_id: 4 })).status).toBe(404);
		const info = (await get('/v1/merchants/merchant-info', { merchant_id: 12, merchant_type: 'ORGANIZATION' }, 'MerchantInfoResponse')).json;
		expect(info).toEqual({ id: 12, name: 'Kollie Supplies Inc.', type: 'ORGANIZATION', email: null, phone: '231886543210' });
		expect(await get('/v1/merchants/merchant-info', { merchant_id: 12, merchant_type: 'MICRO_ORGANIZATION' })).toEqual({
			status: 404,
			json: { detail: 'Merchant not found' },
		});
		const user = await get('/v1/merchants/merchant-info', { merchant_id: 3, merchant_type: 'USER' });
		expect([user.status, user.json.detail[0].loc]).toEqual([422, ['query', 'merchant_type']]);
	});

	it('fee tiers: a JSON array with exactly one default', async () => {
		const { json } = await get('/v1/fees/tiers', {}, 'FeeTierResponse[]');
		expect(json.map((t: Json) => [t.name, t.is_default])).toEqual([
			['default', true],
			['growth', false],
		]);
	});

	it('takes its merchants from the merchants option', async () => {
		const other = await startWithBearer({ merchants: [{ id: 1, name: 'Solo', type: 'ORGANIZATION', email: null, phone: null, tier: 'growth' }] });
		try {
			const info = (id: number) => send(other, 'GET', `/v1/merchants/merchant-info?merchant_id=${id}&merchant_type=ORGANIZATION`);
			expect((await info(1)).json).toEqual({ id: 1, name: 'Solo', type: 'ORGANIZATION', email: null, phone: null });
			expect((await info(12)).status).toBe(404);
		} finally {
			await other.server.close();
		}
	});
});
