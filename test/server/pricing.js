'use strict';
/**
 * The read-only side of the local Dollr server's money API: predictions
 * (operator look-up, amount and fees, a document's amount and fees), fees
 * (gateway, platform, a merchant's tier, the tiers) and merchant info, from the
 * contract in shared/spec/dollr-money-api.md §5-§7.
 *
 * Query parameters are checked with ajv against each path's parameters in
 * test/spec/dollr-money.yaml (merchant-info, §7, is not in that file: its two
 * parameters are written below from the contract's table), the way FastAPI
 * does: absent → 422 "Field required", a value that is not an integer / number
 * → 422, then enum / pattern → 422, each on `["query", name]`.
 *
 * Every figure here (FX rates, fee tables, tiers, merchants, the phone prefixes)
 * is this server's own choice, documented in docs/testing.md; Dollr publishes
 * none of them.
 */

/** Fixed timestamps, so that answers are the same in every run. */
const SINCE = '2026-01-01T00:00:00Z';

/** Units of each currency per 1 USD. Another currency → 422 on the parameter that named it. */
const FX_PER_USD = { USD: 1, LRD: 190, RWF: 1400 };

/**
 * Gateway fees by payment-method family: who routes it (provider_id, as the
 * answer names it), percentage per operation type (a number, as §6a), an
 * optional fixed fee.
 */
const MOMO_METHODS = ['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA'];
const GATEWAY_FAMILIES = {
	MOBILE_MONEY: { providerId: 1, percentage: { COLLECTION: 2.5, PAYOUT: 1.5, TRANSFER: 1.5, REFUND: 1.5 }, fixed: {} },
	CREDIT_CARD: { providerId: 2, percentage: { COLLECTION: 2.9, PAYOUT: 1, TRANSFER: 1, REFUND: 1 }, fixed: { COLLECTION: { amount: 0.3, currency: 'USD' } } },
	WALLET: { providerId: 3, percentage: { COLLECTION: 0, PAYOUT: 0, TRANSFER: 0, REFUND: 0 }, fixed: {} },
};
const OPERATION_TYPES = ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'];
const familyOf = (method) => (MOMO_METHODS.includes(method) ? 'MOBILE_MONEY' : method);

/** Platform fee tiers: percentage per operation type and the FX percentage (strings, as §6b). */
const TIERS = [
	{ id: 1, name: 'default', is_default: true, percentage: { COLLECTION: '1.50', PAYOUT: '1.00', TRANSFER: '0.50', REFUND: '0.00' }, fx_percentage: '1.00' },
	{ id: 2, name: 'growth', is_default: false, percentage: { COLLECTION: '1.00', PAYOUT: '0.75', TRANSFER: '0.25', REFUND: '0.00' }, fx_percentage: '0.75' },
];

/** The merchants this server knows (merchant-info) and their assigned tiers (merchant-tier). */
const DEFAULT_MERCHANTS = [
	{ id: 7, name: 'Amara Kamara Trading', type: 'MICRO_ORGANIZATION', email: 'amara@example.com', phone: '231771234567', tier: 'default' },
	{ id: 12, name: 'Kollie Supplies Inc.', type: 'ORGANIZATION', email: null, phone: '231886543210', tier: 'growth' },
	{ id: 3, name: 'Musu Dolo', type: 'USER', email: 'musu@example.com', phone: '250788123456', tier: 'default' },
];

/** Operator look-up by the number's first five digits (MONEY-INTERFACE.md). */
const OPERATORS = [
	{ prefixes: ['23177'], payment_method: 'ORANGE_MONEY_LBR', carrier: 'Orange', country: 'LR', currencies: ['USD', 'LRD'] },
	{ prefixes: ['23188', '23155'], payment_method: 'MTN_MOMO_LBR', carrier: 'MTN', country: 'LR', currencies: ['USD', 'LRD'] },
	{ prefixes: ['25078', '25079'], payment_method: 'MTN_MOMO_RWA', carrier: 'MTN', country: 'RW', currencies: ['RWF'] },
	{ prefixes: ['25072', '25073'], payment_method: 'AIRTEL_RWA', carrier: 'Airtel', country: 'RW', currencies: ['RWF'] },
];

/** §7's parameters, not in dollr-money.yaml, in the same form as the spec's. */
const MERCHANT_INFO_PARAMETERS = [
	{ name: 'merchant_id', in: 'query', required: true, schema: { type: 'integer' } },
	{ name: 'merchant_type', in: 'query', required: true, schema: { type: 'string', enum: ['MICRO_ORGANIZATION', 'ORGANIZATION'] } },
];

function round2(value) {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A decimal string with two places, as Dollr's predictions send amounts. */
function decimal(value) {
	return round2(value).toFixed(2);
}

/** FastAPI's one-entry 422 on a query parameter. */
function queryError(name, type, msg, input) {
	return [422, { detail: [{ type, loc: ['query', name], msg, input }] }];
}

/**
 * @param store the document store (documents.js), for a source's total and fee bearer
 * @param loadSpec () → { spec: the parsed dollr-money.yaml, compile: (schema) → ajv validator
 *   with `$ref`s resolved within it }; called when the first pricing request comes (the file is
 *   large and most runs never ask)
 * @param options { merchants } to replace DEFAULT_MERCHANTS
 */
function createPricing({ store, loadSpec, options = {} }) {
	const merchants = options.merchants ?? DEFAULT_MERCHANTS;
	let spec;
	let compile;
	const tierByName = new Map(TIERS.map((tier) => [tier.name, tier]));

	/** The schema a `$ref` points to, for reading a parameter's type. */
	function resolve(schema) {
		if (schema?.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()]);
		return schema;
	}

	/** The JSON types a parameter takes, `null` left out (an absent optional is simply absent). */
	function typesOf(schema) {
		const resolved = resolve(schema);
		if (resolved.anyOf) return resolved.anyOf.flatMap(typesOf);
		return resolved.type === 'null' ? [] : [resolved.type ?? 'string'];
	}

	/** Every value an enum parameter allows (through anyOf and $ref), for the message. */
	function allowedValues(schema) {
		const resolved = resolve(schema);
		if (resolved.anyOf) return resolved.anyOf.flatMap(allowedValues);
		return resolved.enum ?? [];
	}

	/** Each parameter with its validator and the type its text is parsed as. */
	function prepare(parameters) {
		return parameters
			.map((parameter) => (parameter.$ref ? spec.components.parameters[parameter.$ref.split('/').pop()] : parameter))
			.filter((parameter) => parameter.in === 'query')
			.map((parameter) => {
				const types = typesOf(parameter.schema);
				const parse = types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : 'string';
				return { ...parameter, parse, validate: compile(parameter.schema), allowed: allowedValues(parameter.schema) };
			});
	}

	/** The query as FastAPI would read it: `{ values }` or `{ refused: [422, body] }` (all problems at once). */
	function readQuery(prepared, searchParams) {
		const values = {};
		const detail = [];
		for (const parameter of prepared) {
			const { name } = parameter;
			const raw = searchParams.get(name);
			// An empty value is taken as absent (as the server's other endpoints do).
			if (raw === null || raw === '') {
				if (parameter.required) detail.push({ type: 'missing', loc: ['query', name], msg: 'Field required', input: null });
				continue;
			}
			let value = raw;
			if (parameter.parse === 'integer') {
				if (!/^[+-]?\d+$/.test(raw.trim())) {
					detail.push({ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
					continue;
				}
				value = Number(raw);
			} else if (parameter.parse === 'number') {
				value = raw.trim() === '' ? NaN : Number(raw);
				if (!Number.isFinite(value)) {
					detail.push({ type: 'float_parsing', loc: ['query', name], msg: 'Input should be a valid number, unable to parse string as a number', input: raw });
					continue;
				}
			}
			if (!parameter.validate(value)) detail.push(describeFailure(parameter, parameter.validate.errors, raw));
			else values[name] = value;
		}
		return detail.length ? { refused: [422, { detail }] } : { values };
	}

	function describeFailure(parameter, errors, input) {
		const loc = ['query', parameter.name];
		const keywords = errors.map((error) => error.keyword);
		if (parameter.allowed.length && keywords.includes('enum')) {
			const options = parameter.allowed.map((option) => `'${option}'`);
			const expected = `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
			return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
		}
		const pattern = errors.find((error) => error.keyword === 'pattern');
		if (pattern) return { type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${pattern.params.pattern}'`, input };
		const length = errors.find((error) => error.keyword === 'minLength' || error.keyword === 'maxLength');
		if (length) {
			const short = length.keyword === 'minLength';
			return { type: `string_too_${short ? 'short' : 'long'}`, loc, msg: `String should have ${short ? 'at least' : 'at most'} ${length.params.limit} characters`, input };
		}
		return { type: 'value_error', loc, msg: errors[0]?.message ?? 'Invalid value', input };
	}

	// ---- answers ------------------------------------------------------------

	function convert(amount, from, to) {
		return (amount / FX_PER_USD[from]) * FX_PER_USD[to];
	}

	function unknownCurrency(name, code) {
		return queryError(name, 'value_error', `No exchange rate known for ${code} (this server knows ${Object.keys(FX_PER_USD).join(', ')})`, code);
	}

	function gatewayFee(method, operationType) {
		const family = GATEWAY_FAMILIES[familyOf(method)];
		return { family, percentage: family.percentage[operationType], fixed: family.fixed[operationType] };
	}

	/** The owner's assigned tier, or the default one (Dollr: "a merchant without an assigned tier falls back to the default"). */
	function tierFor(ownerType, ownerId) {
		const merchant = merchants.find((m) => m.type === ownerType && m.id === ownerId);
		return tierByName.get(merchant?.tier) ?? TIERS.find((tier) => tier.is_default);
	}

	/**
	 * AmountAndFeePredictionResponse. The base amount is what the payee is owed, in
	 * the base currency; the payer pays in the target currency, and the fees are
	 * counted there. The fee bearer decides who carries them.
	 */
	function predict({ baseAmount, baseCurrency, targetCurrency, method, operationType, feeBearer, tier }) {
		const principal = convert(baseAmount, baseCurrency, targetCurrency);
		const platformFee = round2((principal * Number(tier.percentage[operationType])) / 100);
		const fxFee = baseCurrency === targetCurrency ? null : round2((principal * Number(tier.fx_percentage)) / 100);
		const gateway = gatewayFee(method, operationType);
		const fixed = gateway.fixed ? convert(gateway.fixed.amount, gateway.fixed.currency, targetCurrency) : 0;
		const gatewayAmount = round2((principal * gateway.percentage) / 100 + fixed);
		const fees = platformFee + (fxFee ?? 0) + gatewayAmount;
		const payerBears = feeBearer === 'PAYER';
		return {
			payer_amount: decimal(payerBears ? principal + fees : principal),
			payer_currency: targetCurrency,
			payee_amount: decimal(payerBears ? baseAmount : Math.max(0, baseAmount - convert(fees, targetCurrency, baseCurrency))),
			payee_currency: baseCurrency,
			platform_fee: decimal(platformFee),
			platform_currency: targetCurrency,
			fx_fee: fxFee === null ? null : decimal(fxFee),
			gateway_fee: decimal(gatewayAmount),
			gateway_currency: targetCurrency,
		};
	}

	const routes = new Map();
	/**
	 * A GET route whose query is checked against its parameters before `answer(values)` runs:
	 * the path's in dollr-money.yaml, or `parameters` where the file lacks the path. Prepared on first use.
	 */
	function get(path, answer, parameters) {
		routes.set(path, { parameters, answer });
	}
	function prepared(path, route) {
		if (!route.prepared) {
			if (!spec) ({ spec, compile } = loadSpec());
			route.prepared = prepare(route.parameters ?? spec.paths[`/{version}${path}`].get.parameters);
		}
		return route.prepared;
	}

	get('/predictions/mmo-provider-info', (q) => {
		const operator = OPERATORS.find(({ prefixes }) => prefixes.some((prefix) => q.phone.startsWith(prefix)));
		if (!operator) return queryError('phone', 'value_error', 'no mobile-money operator known for this number', q.phone);
		const { carrier, country, currencies, payment_method } = operator;
		return [200, { carrier, country, currencies, phone: q.phone, payment_method, gateway_provider: 'PAWAPAY', operation_type: q.operation_type }];
	});

	get('/predictions/amount-and-fees', (q) => {
		for (const name of ['base_currency', 'target_currency']) if (!FX_PER_USD[q[name]]) return unknownCurrency(name, q[name]);
		const tier = q.owner_type !== undefined && q.owner_id !== undefined ? tierFor(q.owner_type, q.owner_id) : tierFor();
		return [
			200,
			predict({
				baseAmount: q.base_amount,
				baseCurrency: q.base_currency,
				targetCurrency: q.target_currency,
				method: q.payment_method,
				operationType: q.operation_type,
				feeBearer: q.fee_bearer,
				tier,
			}),
		];
	});

	get('/predictions/payment-source/amount-and-fees', (q) => {
		// The spec's enum lists SUBSCRIPTION; Dollr does not support it publicly, and checkouts refuse it too.
		if (q.source_type === 'SUBSCRIPTION') return queryError('source_type', 'enum', "Input should be 'INVOICE' or 'ORDER'", q.source_type);
		const doc = store.documentDetail(q.source_type, q.source_id);
		if (!doc) return [404, { detail: 'Source not found' }];
		const number = doc.invoice_number ?? doc.order_number;
		if (doc.status !== 'ACTIVE') {
			return [409, { detail: `${q.source_type === 'INVOICE' ? 'Invoice' : 'Order'} ${number} is ${doc.status}: only an ACTIVE (published) source can be quoted` }];
		}
		if (!FX_PER_USD[q.target_currency]) return unknownCurrency('target_currency', q.target_currency);
		if (!FX_PER_USD[doc.currency]) return unknownCurrency('source_id', doc.currency);
		return [
			200,
			predict({
				baseAmount: doc.total_amount,
				baseCurrency: doc.currency,
				targetCurrency: q.target_currency,
				method: q.payment_method,
				operationType: 'COLLECTION',
				// A source without a fee bearer: the payee carries the fees (this server's choice).
				feeBearer: doc.fee_bearer ?? 'PAYEE',
				tier: tierFor(),
			}),
		];
	});

	get('/fees/gateway', (q) => {
		const { family, percentage, fixed } = gatewayFee(q.payment_method, q.operation_type);
		const id = Object.keys(GATEWAY_FAMILIES).indexOf(familyOf(q.payment_method)) * OPERATION_TYPES.length + OPERATION_TYPES.indexOf(q.operation_type) + 1;
		return [
			200,
			{
				id,
				provider_id: family.providerId,
				operation_type: q.operation_type,
				payment_method: q.payment_method,
				percentage,
				fixed_fee: fixed?.amount ?? null,
				fixed_fee_currency: fixed?.currency ?? null,
				effective_from: SINCE,
				effective_to: null,
				created_at: SINCE,
				updated_at: SINCE,
			},
		];
	});

	get('/fees/platform', (q) => {
		const tier = tierByName.get(q.fee_tier_name);
		if (!tier) return [404, { detail: 'Fee tier not found' }];
		return [
			200,
			{
				id: (tier.id - 1) * OPERATION_TYPES.length + OPERATION_TYPES.indexOf(q.operation_type) + 1,
				operation_type: q.operation_type,
				payment_method: null,
				percentage: tier.percentage[q.operation_type],
				fx_percentage: tier.fx_percentage,
				fixed_fee: null,
				fixed_fee_currency: null,
				effective_from: SINCE,
				effective_to: null,
				created_at: SINCE,
				tier: tierResponse(tier),
			},
		];
	});

	get('/fees/merchant-tier', (q) => {
		const index = merchants.findIndex((m) => m.type === q.owner_type && m.id === q.owner_id);
		if (index === -1) return [404, { detail: 'Merchant fee tier not found' }];
		const merchant = merchants[index];
		return [
			200,
			{ id: index + 1, owner_type: merchant.type, owner_id: merchant.id, assigned_at: SINCE, assigned_by: 'support@heydollr.app', tier: tierResponse(tierByName.get(merchant.tier)) },
		];
	});

	get('/fees/tiers', () => [200, TIERS.map(tierResponse)]);

	get('/merchants/merchant-info', (q) => {
		const merchant = merchants.find((m) => m.type === q.merchant_type && m.id === q.merchant_id);
		if (!merchant) return [404, { detail: 'Merchant not found' }];
		const { id, name, type, email, phone } = merchant;
		return [200, { id, name, type, email, phone }];
	}, MERCHANT_INFO_PARAMETERS);

	function tierResponse({ id, name, is_default }) {
		return { id, name, is_default, created_at: SINCE, updated_at: SINCE };
	}

	/** Answers a pricing route: [status, payload], or undefined when the path is not one of them. */
	function handle(method, url) {
		if (!url.pathname.startsWith('/v1/')) return undefined;
		const path = url.pathname.slice('/v1'.length);
		const route = routes.get(path);
		if (!route) return undefined;
		if (method !== 'GET') return [405, { detail: 'Method Not Allowed' }];
		const { values, refused } = readQuery(prepared(path, route), url.searchParams);
		return refused ?? route.answer(values);
	}

	return { handle };
}

module.exports = { createPricing, FX_PER_USD, GATEWAY_FAMILIES, TIERS, DEFAULT_MERCHANTS, OPERATORS };
