/**
 * Pricing (Quote, Quote Document, Detect Operator, Get Gateway Fees, Get Platform
 * Fees, Get Fee Tier, Get Fee Tiers) and Merchant › Get through n8n's engine
 * against the local Dollr server: each operation's exact request (method, path,
 * query, bearer) and output (Dollr's answer unchanged), validation before any
 * request, Dollr's 422 on a query parameter shown with the field's label, the
 * 404 / 409 answers, retries of these GETs, Continue On Fail.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { Dollr } from '../nodes/Dollr/Dollr.node';
import { MERCHANT_TYPES, OPERATION_TYPES, OWNER_TYPES, PAYMENT_METHODS, PROVIDERS } from '../nodes/Dollr/helpers/money-values';
import { useHarness } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CREDENTIAL_ID } = require('./harness/dollr');

const harness = useHarness();

const bearer = () => `Bearer ${String(harness.credentials.store.get(CREDENTIAL_ID)!.data.accessToken)}`;
/** The calls the node made (the token exchange left out). */
const apiCalls = () => harness.server.requests.filter((r) => r.path !== '/v1/jwt/client/obtain/token');
/** What one call sent and what the server answered. */
function onlyCall() {
	const calls = apiCalls();
	expect(calls).toHaveLength(1);
	const [call] = calls;
	expect(call.headers.authorization).toBe(bearer());
	expect(call.body).toBeUndefined();
	return call;
}

const quote = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'pricing',
	operation: 'quote',
	baseAmount: 100,
	baseCurrency: 'USD',
	targetCurrency: 'LRD',
	paymentMethod: 'MTN_MOMO_LBR',
	operationType: 'COLLECTION',
	provider: 'PAWAPAY',
	feeBearer: 'PAYER',
	...overrides,
});

describe('node description', () => {
	const { properties } = new Dollr().description;
	const operationsOf = (resource: string) =>
		(properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!.options as Array<{
			value: string;
			action: string;
			description: string;
		}>);
	const fieldsOf = (resource: string, operation: string) =>
		properties.filter(
			(p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
		);
	const values = (field: INodeProperties) => (field.options as Array<{ value: string }>).map((o) => o.value);

	it('has the pricing and merchant resources with exactly the issue\'s operations and field names', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		expect(resource.options).toEqual(
			expect.arrayContaining([
				{ name: 'Pricing', value: 'pricing' },
				{ name: 'Merchant', value: 'merchant' },
			]),
		);
		expect(operationsOf('pricing').map((o) => o.value)).toEqual([
			'quote',
			'quoteDocument',
			'detectOperator',
			'getGatewayFees',
			'getPlatformFees',
			'getFeeTier',
			'getFeeTiers',
		]);
		expect(operationsOf('merchant').map((o) => o.value)).toEqual(['get']);
		const names = (resource: string, operation: string) => fieldsOf(resource, operation).map((p) => p.name);
		expect(names('pricing', 'quote')).toEqual([
			'baseAmount',
			'baseCurrency',
			'targetCurrency',
			'paymentMethod',
			'operationType',
			'provider',
			'feeBearer',
			'additionalFields',
		]);
		const additional = fieldsOf('pricing', 'quote').find((p) => p.name === 'additionalFields')!;
		expect((additional.options as INodeProperties[]).map((p) => p.name).sort()).toEqual(['ownerId', 'ownerType']);
		expect(names('pricing', 'quoteDocument')).toEqual(['sourceType', 'sourceId', 'targetCurrency', 'paymentMethod', 'provider']);
		expect(names('pricing', 'detectOperator')).toEqual(['phone', 'operationType']);
		expect(names('pricing', 'getGatewayFees')).toEqual(['paymentMethod', 'operationType']);
		expect(names('pricing', 'getPlatformFees')).toEqual(['operationType', 'feeTierName']);
		expect(names('pricing', 'getFeeTier')).toEqual(['ownerType', 'ownerId']);
		expect(names('pricing', 'getFeeTiers')).toEqual([]);
		expect(names('merchant', 'get')).toEqual(['merchantId', 'merchantType']);
	});

	it('offers the money API\'s values from money-values.ts, each with a description, and an action for every operation', () => {
		const field = (operation: string, name: string) => fieldsOf('pricing', operation).find((p) => p.name === name)!;
		expect(values(field('quote', 'paymentMethod'))).toEqual([...PAYMENT_METHODS]);
		expect(values(field('quote', 'provider')).sort()).toEqual([...PROVIDERS].sort());
		expect(values(field('quote', 'operationType'))).toEqual([...OPERATION_TYPES]);
		expect(values(field('getFeeTier', 'ownerType'))).toEqual([...OWNER_TYPES]);
		expect(values(fieldsOf('merchant', 'get').find((p) => p.name === 'merchantType')!)).toEqual([...MERCHANT_TYPES]);
		for (const name of ['paymentMethod', 'provider', 'operationType', 'feeBearer']) {
			for (const option of field('quote', name).options as Array<{ description?: string }>) expect(option.description).toBeTruthy();
		}
		for (const [resource, operations] of [['pricing', operationsOf('pricing')], ['merchant', operationsOf('merchant')]] as const) {
			for (const operation of operations) {
				expect(operation.action.length).toBeGreaterThan(10);
				expect(operation.description.length).toBeGreaterThan(20);
				for (const p of fieldsOf(resource, operation.value)) expect(p.description).toBeTruthy();
			}
		}
	});
});

describe('Quote', () => {
	it('sends GET /v1/predictions/amount-and-fees with the query and the bearer, and outputs Dollr\'s answer unchanged', async () => {
		const { items, error } = await harness.run(
			quote({ baseAmount: '={{ $json.price }}', baseCurrency: ' usd ', targetCurrency: '={{ $json.currency }}', feeBearer: 'payer' }),
			[{ price: '100', currency: 'lrd' }],
		);
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual([
			'GET',
			'/v1/predictions/amount-and-fees',
			{
				base_amount: '100',
				base_currency: 'USD',
				target_currency: 'LRD',
				payment_method: 'MTN_MOMO_LBR',
				operation_type: 'COLLECTION',
				provider: 'PAWAPAY',
				fee_bearer: 'PAYER',
			},
		]);
		// 100 USD = 19 000 LRD; default tier 1.5 % + FX 1 %, MoMo gateway 2.5 % (the server's tables).
		expect(items).toEqual([
			{
				json: {
					payer_amount: '19950.00',
					payer_currency: 'LRD',
					payee_amount: '100.00',
					payee_currency: 'USD',
					platform_fee: '285.00',
					platform_currency: 'LRD',
					fx_fee: '190.00',
					gateway_fee: '475.00',
					gateway_currency: 'LRD',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(items[0].json).toEqual(call.response);
	});

	it('sends Owner Type and Owner ID together, and the merchant\'s tier prices it', async () => {
		const { items, error } = await harness.run(
			quote({ targetCurrency: 'USD', feeBearer: 'PAYEE', additionalFields: { ownerType: 'ORGANIZATION', ownerId: 12 } }),
		);
		expect(error).toBeUndefined();
		expect(onlyCall().query).toMatchObject({ owner_type: 'ORGANIZATION', owner_id: '12', fee_bearer: 'PAYEE' });
		// The growth tier: 1 % platform, no FX (same currency), 2.5 % gateway, carried by the payee.
		expect(items[0].json).toMatchObject({ payer_amount: '100.00', payee_amount: '96.50', platform_fee: '1.00', fx_fee: null, gateway_fee: '2.50' });
	});

	it('shows Dollr\'s 422 on a query parameter with the field\'s label', async () => {
		const { error } = await harness.run(quote({ baseCurrency: 'EUR' }));
		expect(error.message).toBe(
			'Dollr rejected the request: Base Currency: No exchange rate known for EUR (this server knows USD, LRD, RWF) [item 0]',
		);
		expect(error.description).toContain('Correct the field(s) above');
		expect(onlyCall().status).toBe(422);
	});
});

describe('Quote Document', () => {
	it('sends the source and the payer\'s side, and Dollr prices the document\'s total with its fee bearer', async () => {
		const [invoice] = harness.server.seedDocuments('INVOICE', [
			{ status: 'ACTIVE', currency: 'USD', fee_bearer: 'PAYER', items: [{ name: 'Solar lamp', qty: 2, amount: 45.5, currency: 'USD' }] },
		]);
		const { items, error } = await harness.run({
			resource: 'pricing',
			operation: 'quoteDocument',
			sourceType: 'INVOICE',
			sourceId: invoice.id,
			targetCurrency: 'USD',
			paymentMethod: 'ORANGE_MONEY_LBR',
			provider: 'PAWAPAY',
		});
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual([
			'GET',
			'/v1/predictions/payment-source/amount-and-fees',
			{ source_type: 'INVOICE', source_id: String(invoice.id), target_currency: 'USD', payment_method: 'ORANGE_MONEY_LBR', provider: 'PAWAPAY' },
		]);
		// 91.00 + 1.5 % (1.365 → 1.37) + 2.5 % (2.275 → 2.28), the payer carries them.
		expect(items).toEqual([
			{
				json: {
					payer_amount: '94.65',
					payer_currency: 'USD',
					payee_amount: '91.00',
					payee_currency: 'USD',
					platform_fee: '1.37',
					platform_currency: 'USD',
					fx_fee: null,
					gateway_fee: '2.28',
					gateway_currency: 'USD',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names Dollr\'s answers for an unknown and for an unpublished document', async () => {
		const [draft] = harness.server.seedDocuments('ORDER', [{ status: 'IDLE', currency: 'USD', items: [{ name: 'Rice', qty: 1, amount: 10 }] }]);
		const parameters = { resource: 'pricing', operation: 'quoteDocument', sourceType: 'ORDER', targetCurrency: 'USD', paymentMethod: 'MTN_MOMO_LBR', provider: 'PAWAPAY' };
		const { items } = await harness.run({ ...parameters, sourceId: '={{ $json.id }}' }, [{ id: 999999 }, { id: draft.id }], { onError: 'continueRegularOutput' });
		expect(items.map((item: { json: IDataObject }) => item.json.error)).toEqual([
			'Dollr could not find what was asked for: Source not found [item 0]',
			`Dollr answered HTTP 409: Order ${String(draft.order_number)} is IDLE: only an ACTIVE (published) source can be quoted [item 1]`,
		]);
	});
});

describe('Detect Operator', () => {
	it('sends the phone as digits and the operation type, and outputs the operator', async () => {
		const { items, error } = await harness.run({ resource: 'pricing', operation: 'detectOperator', phone: '+231 88-123 4567', operationType: 'PAYOUT' });
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual(['GET', '/v1/predictions/mmo-provider-info', { phone: '231881234567', operation_type: 'PAYOUT' }]);
		expect(items).toEqual([
			{
				json: {
					carrier: 'MTN',
					country: 'LR',
					currencies: ['USD', 'LRD'],
					phone: '231881234567',
					payment_method: 'MTN_MOMO_LBR',
					gateway_provider: 'PAWAPAY',
					operation_type: 'PAYOUT',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('keeps every item with Continue On Fail; an unknown number is Dollr\'s 422 on Phone', async () => {
		const { items, error } = await harness.run(
			{ resource: 'pricing', operation: 'detectOperator', phone: '={{ $json.phone }}', operationType: 'COLLECTION' },
			[{ phone: '250781234567' }, { phone: '447700900123' }, { phone: '250731234567' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items.map((item: { json: IDataObject; pairedItem: unknown }) => [item.json.payment_method ?? item.json.error, item.pairedItem])).toEqual([
			['MTN_MOMO_RWA', { item: 0 }],
			['Dollr rejected the request: Phone: no mobile-money operator known for this number [item 1]', { item: 1 }],
			['AIRTEL_RWA', { item: 2 }],
		]);
		expect(apiCalls().map((r) => r.status)).toEqual([200, 422, 200]);
	});
});

describe('Fees', () => {
	it('Get Gateway Fees: GET /v1/fees/gateway, percentage a number', async () => {
		const { items, error } = await harness.run({ resource: 'pricing', operation: 'getGatewayFees', paymentMethod: 'CREDIT_CARD', operationType: 'COLLECTION' });
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual(['GET', '/v1/fees/gateway', { payment_method: 'CREDIT_CARD', operation_type: 'COLLECTION' }]);
		expect(items).toEqual([{ json: call.response, pairedItem: { item: 0 } }]);
		expect(items[0].json).toMatchObject({ payment_method: 'CREDIT_CARD', percentage: 2.9, fixed_fee: 0.3, fixed_fee_currency: 'USD' });
	});

	it('Get Platform Fees: GET /v1/fees/platform, percentage a string; an unknown tier is Dollr\'s 404', async () => {
		const { items, error } = await harness.run({ resource: 'pricing', operation: 'getPlatformFees', operationType: 'PAYOUT', feeTierName: ' growth ' });
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual(['GET', '/v1/fees/platform', { operation_type: 'PAYOUT', fee_tier_name: 'growth' }]);
		expect(items).toEqual([{ json: call.response, pairedItem: { item: 0 } }]);
		expect(items[0].json).toMatchObject({ operation_type: 'PAYOUT', percentage: '0.75', fx_percentage: '0.75', tier: { name: 'growth' } });

		const unknown = await harness.run({ resource: 'pricing', operation: 'getPlatformFees', operationType: 'PAYOUT', feeTierName: 'gold' });
		expect(unknown.error.message).toBe('Dollr could not find what was asked for: Fee tier not found [item 0]');
	});

	it('Get Fee Tier: GET /v1/fees/merchant-tier with the owner', async () => {
		const { items, error } = await harness.run({ resource: 'pricing', operation: 'getFeeTier', ownerType: 'MICRO_ORGANIZATION', ownerId: '={{ 7 }}' });
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual(['GET', '/v1/fees/merchant-tier', { owner_type: 'MICRO_ORGANIZATION', owner_id: '7' }]);
		expect(items).toEqual([{ json: call.response, pairedItem: { item: 0 } }]);
		expect(items[0].json).toMatchObject({ owner_type: 'MICRO_ORGANIZATION', owner_id: 7, tier: { name: 'default', is_default: true } });
	});

	it('Get Fee Tiers: one output item per tier, all paired with the input item; retried after a 5xx', async () => {
		harness.server.injectFaults('/v1/fees/tiers', [{ status: 503 }]);
		const { items, error } = await harness.run({ resource: 'pricing', operation: 'getFeeTiers' });
		expect(error).toBeUndefined();
		const calls = apiCalls();
		expect(calls.map((r) => [r.method, r.path, r.query, r.status])).toEqual([
			['GET', '/v1/fees/tiers', {}, 503],
			['GET', '/v1/fees/tiers', {}, 200],
		]);
		expect(items).toEqual((calls[1].response as unknown as IDataObject[]).map((json) => ({ json, pairedItem: { item: 0 } })));
		expect(items.map((item: { json: IDataObject }) => item.json.name)).toEqual(['default', 'growth']);
	});
});

describe('Merchant › Get', () => {
	it('sends GET /v1/merchants/merchant-info and outputs the merchant; an unknown one is Dollr\'s 404', async () => {
		const { items, error } = await harness.run({ resource: 'merchant', operation: 'get', merchantId: 12, merchantType: 'ORGANIZATION' });
		expect(error).toBeUndefined();
		const call = onlyCall();
		expect([call.method, call.path, call.query]).toEqual(['GET', '/v1/merchants/merchant-info', { merchant_id: '12', merchant_type: 'ORGANIZATION' }]);
		expect(items).toEqual([
			{ json: { id: 12, name: 'Kollie Supplies Inc.', type: 'ORGANIZATION', email: null, phone: '231886543210' }, pairedItem: { item: 0 } },
		]);

		const unknown = await harness.run({ resource: 'merchant', operation: 'get', merchantId: 12, merchantType: 'MICRO_ORGANIZATION' });
		expect(unknown.error.message).toBe('Dollr could not find what was asked for: Merchant not found [item 0]');
	});
});

describe('validation before any request', () => {
	const cases: Array<[string, IDataObject, string]> = [
		['an amount below 0.01', quote({ baseAmount: 0 }), 'Base Amount must be at least 0.01, got 0'],
		['a non-numeric amount', quote({ baseAmount: '={{ "12 USD" }}' }), "Base Amount must be a number, got '12 USD'"],
		['a two-letter currency', quote({ baseCurrency: 'US' }), 'Base Currency must be a three-letter ISO 4217 code'],
		['an empty target currency', quote({ targetCurrency: '={{ $json.missing }}' }), 'Target Currency is required'],
		['an unknown payment method', quote({ paymentMethod: '={{ "VISA" }}' }), 'Payment Method must be one of MTN_MOMO_LBR'],
		['an unknown operation type', quote({ operationType: '={{ "DEPOSIT" }}' }), 'Operation Type must be one of COLLECTION, PAYOUT, TRANSFER, REFUND'],
		['an unknown provider', quote({ provider: '={{ "FLUTTERWAVE" }}' }), 'Provider must be one of'],
		['an unknown fee bearer', quote({ feeBearer: '={{ "BOTH" }}' }), 'Fee Bearer must be one of PAYER, PAYEE'],
		['an owner type without its ID', quote({ additionalFields: { ownerType: 'ORGANIZATION' } }), 'Owner ID is required when Owner Type is set'],
		['an owner ID without its type', quote({ additionalFields: { ownerId: 12 } }), 'Owner Type is required when Owner ID is set'],
		['an owner ID that is not whole', quote({ additionalFields: { ownerType: 'USER', ownerId: 1.5 } }), 'Owner ID must be a positive whole number, got 1.5'],
		[
			'a source ID of 0',
			{ resource: 'pricing', operation: 'quoteDocument', sourceType: 'INVOICE', sourceId: 0, targetCurrency: 'USD', paymentMethod: 'WALLET', provider: 'PLATFORM' },
			'Source ID must be a positive whole number, got 0',
		],
		[
			'a subscription source',
			{ resource: 'pricing', operation: 'quoteDocument', sourceType: '={{ "SUBSCRIPTION" }}', sourceId: 1, targetCurrency: 'USD', paymentMethod: 'WALLET', provider: 'PLATFORM' },
			"Source Type must be INVOICE or ORDER, got 'SUBSCRIPTION'",
		],
		['a phone with letters', { resource: 'pricing', operation: 'detectOperator', phone: '23177ABC4567', operationType: 'COLLECTION' }, "Phone must be 8-15 digits without '+'"],
		['an empty fee tier name', { resource: 'pricing', operation: 'getPlatformFees', operationType: 'COLLECTION', feeTierName: ' ' }, 'Fee Tier Name is required'],
		['an owner ID of -1', { resource: 'pricing', operation: 'getFeeTier', ownerType: 'USER', ownerId: -1 }, 'Owner ID must be a positive whole number, got -1'],
		['a USER merchant type', { resource: 'merchant', operation: 'get', merchantId: 3, merchantType: '={{ "USER" }}' }, 'Merchant Type must be one of MICRO_ORGANIZATION, ORGANIZATION'],
		['a merchant ID that is text', { resource: 'merchant', operation: 'get', merchantId: '={{ "abc" }}', merchantType: 'ORGANIZATION' }, "Merchant ID must be a positive whole number, got 'abc'"],
	];

	it.each(cases)('refuses %s, naming the field and the item, and sends nothing', async (_case, parameters, message) => {
		const { items, error } = await harness.run(parameters, [{}, {}], { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		items.forEach((item: { json: IDataObject; error: { name: string; description: string } }, index: number) => {
			expect(String(item.json.error)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* \\[item ${index}\\]$`));
			expect(item.error.name).toBe('NodeOperationError');
			expect(item.error.description).toBeTruthy();
		});
		expect(harness.server.requests).toEqual([]);
	});
});
