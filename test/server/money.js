'use strict';
/**
 * The money side of the local Dollr server: payment accounts, the four sessions
 * (checkout, payout, transfer, refund), their executions, the execution status
 * by reference, the merchant's wallets and the payment intents of completed
 * collections, kept in memory with real state. The contract is
 * shared/spec/dollr-money-api.md (schemas in test/spec/dollr-money.yaml).
 *
 * Where Dollr is silent the choices are this server's own (docs/testing.md,
 * "The local server: money"): 404 {"detail": "Execution not found"} for an
 * unknown reference; a known reference executed again with the same session and
 * payload answers the stored execution, anything else is a 422 on
 * body.reference_id; sessions live 15 minutes and execute once; executions stay
 * PENDING until a test (settleExecution), the autoSettle option (the Nth status
 * read) or autoSettleMs (time, for the demo and `npm run dev`) moves them on.
 */

const TYPES = ['collection', 'payout', 'transfer', 'refund'];
const FINAL = ['COMPLETED', 'FAILED'];
const SESSION_MINUTES = 15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const OPERATION_TYPES = TYPES.map((type) => type.toUpperCase());

const DEFAULT_WALLETS = [
	{ id: 1, currency: 'USD', balance: 100000 },
	{ id: 2, currency: 'LRD', balance: 10000000 },
	{ id: 3, currency: 'RWF', balance: 10000000 },
];
const DEFAULT_PASSCODE = { code: '2468', phone: '231770000001', user_id: 'merchant-user-1' };

function isoNow() {
	return new Date().toISOString();
}

function round2(value) {
	return Math.round(value * 100) / 100;
}

/** FastAPI's 422 with one entry. */
function refuse(loc, msg, type = 'value_error', input) {
	return [422, { detail: [{ loc, msg, type, ...(input === undefined ? {} : { input }) }] }];
}

/** 'payout' | 'PAYOUT' → 'payout'; throws for anything else (a test's mistake). */
function typeName(type) {
	const name = String(type).toLowerCase();
	if (!TYPES.includes(name)) throw new Error(`Unknown execution type ${type} (collection, payout, transfer or refund)`);
	return name;
}

/**
 * @param documents the document store (documents.js): parties, counterparties, invoices and orders
 * @param validate (schemaName, body, bodyIsJson) → FastAPI `detail[]` or undefined, against dollr-money.yaml
 * @param invalidParam FastAPI's 422 for a query value outside its enum (documents.js)
 * @param options { wallets, passcode, autoSettle, autoSettleMs }
 */
function createMoney({ documents, validate, invalidParam, options = {} }) {
	const started = {
		passcode: options.passcode ?? DEFAULT_PASSCODE,
		autoSettle: options.autoSettle,
		autoSettleMs: options.autoSettleMs,
	};
	const settings = { ...started };
	let wallets = (options.wallets ?? DEFAULT_WALLETS).map((wallet) => ({ ...wallet }));
	const accounts = [];
	/** Every session, all kinds, in one ID sequence: { id, kind, ..., expired }. */
	const sessions = [];
	/** Executions in creation order, and per type by reference_id. */
	const executions = [];
	const byReference = Object.fromEntries(TYPES.map((type) => [type, new Map()]));
	const intents = [];
	const timers = new Set();

	// ---- state --------------------------------------------------------------

	const walletOf = (id) => wallets.find((wallet) => wallet.id === id);
	const accountOf = (id) => (/^\d+$/.test(String(id)) ? accounts[Number(id) - 1] : undefined);
	const sessionOf = (id) => (/^\d+$/.test(String(id)) ? sessions[Number(id) - 1] : undefined);

	function newSession(kind, fields, expiresAt) {
		// One clock reading: a session Dollr dates lives exactly SESSION_MINUTES from its created_at.
		const now = Date.now();
		const at = new Date(now).toISOString();
		const session = { id: sessions.length + 1, kind, ...fields, status: 'ACTIVE', expires_at: expiresAt ?? new Date(now + SESSION_MINUTES * 60_000).toISOString(), created_at: at, updated_at: at, expired: false };
		sessions.push(session);
		return session;
	}

	function sessionAnswer(session) {
		const { kind, expired, ...answer } = session;
		return answer;
	}

	/** What every execution and status call answers: Dollr's ExecutionResponse. */
	function executionAnswer(execution) {
		const { reference_id, provider_transaction_id, status, payer_amount, payer_currency, payee_amount, payee_currency, operation_type, gateway_message, wallet_message, client_secret, requires_action } = execution;
		return { reference_id, provider_transaction_id, status, payer_amount, payer_currency, payee_amount, payee_currency, operation_type, gateway_message, wallet_message, client_secret, requires_action };
	}

	/** What is left to refund of a payment intent: its amount less the refunds not FAILED. */
	function refundable(intent) {
		const refunded = executions.filter((execution) => execution.operation_type === 'REFUND' && execution.payment_intent_id === intent.id && execution.status !== 'FAILED').reduce((sum, execution) => sum + execution.amount, 0);
		return round2(intent.amount - refunded);
	}

	/**
	 * Moves an execution to PROCESSING, COMPLETED or FAILED, with what follows:
	 * a collection's source is PAID (and a payment intent made) or ACTIVE again,
	 * a failed payout/transfer gives the wallet its money back.
	 */
	function settle(execution, status, { gatewayMessage, walletMessage } = {}) {
		if (!['PROCESSING', ...FINAL].includes(status)) throw new Error(`Unknown execution status ${status} (PROCESSING, COMPLETED or FAILED)`);
		if (FINAL.includes(execution.status)) throw new Error(`Execution ${execution.reference_id} is already ${execution.status}`);
		execution.status = status;
		execution.updated_at = isoNow();
		execution.provider_transaction_id ??= `LOCAL-${execution.operation_type.slice(0, 3)}-${execution.id}`;
		if (gatewayMessage !== undefined) execution.gateway_message = gatewayMessage;
		if (walletMessage !== undefined) execution.wallet_message = walletMessage;
		if (status === 'PROCESSING') return execution;
		execution.gateway_message ??= status === 'COMPLETED' ? 'Payment completed' : 'Payment failed';
		if (execution.operation_type === 'COLLECTION') {
			const source = documents.document(execution.source_type, execution.source_id);
			if (status === 'COMPLETED') {
				if (source) documents.setStatus(execution.source_type, source.id, 'PAID');
				intents.push({ id: intents.length + 1, source_type: execution.source_type, source_id: execution.source_id, reference_id: execution.reference_id, amount: execution.payer_amount, currency: execution.payer_currency, created_at: execution.updated_at });
				execution.payment_intent_id = intents.length;
				const wallet = wallets.find((candidate) => candidate.currency === execution.payee_currency);
				if (wallet) wallet.balance = round2(wallet.balance + execution.payee_amount);
			} else if (source?.status === 'PROCESSING') documents.setStatus(execution.source_type, source.id, 'ACTIVE');
		} else if (status === 'FAILED' && execution.debited) {
			const wallet = walletOf(execution.wallet_id);
			wallet.balance = round2(wallet.balance + execution.debited);
			execution.debited = 0;
		}
		return execution;
	}

	/** autoSettleMs: halfway PROCESSING, then final (autoSettle's status, else COMPLETED). */
	function scheduleByTime(execution) {
		const ms = settings.autoSettleMs;
		if (!ms || FINAL.includes(execution.status)) return;
		const later = (delay, act) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (!FINAL.includes(execution.status)) act();
			}, delay);
			timer.unref?.();
			timers.add(timer);
		};
		later(ms / 2, () => settle(execution, 'PROCESSING'));
		later(ms, () => settle(execution, settings.autoSettle?.status ?? 'COMPLETED', { gatewayMessage: settings.autoSettle?.gatewayMessage }));
	}

	/** autoSettle: the Nth status read makes the execution final; reads before it answer PROCESSING. */
	function onStatusRead(execution) {
		execution.status_reads++;
		const rule = settings.autoSettle;
		if (FINAL.includes(execution.status)) return;
		if (rule && execution.status_reads >= (rule.afterStatusReads ?? 1)) {
			settle(execution, rule.status ?? 'COMPLETED', { gatewayMessage: rule.gatewayMessage, walletMessage: rule.walletMessage });
		} else if (rule && execution.status === 'PENDING') settle(execution, 'PROCESSING');
	}

	// ---- checks shared by the executions --------------------------------------

	/** The reference's format (pydantic's UUID4), then replay or duplicate: [answer] or undefined to go on. */
	function checkReference(type, body) {
		const reference = body.reference_id;
		if (!UUID.test(reference)) return { refused: refuse(['body', 'reference_id'], 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]', 'uuid_parsing', reference) };
		if (!UUID_V4.test(reference)) return { refused: refuse(['body', 'reference_id'], 'UUID version 4 expected', 'uuid_version', reference) };
		const known = byReference[type].get(reference);
		if (!known) return {};
		if (known.payload === payloadKey(body)) return { replay: [200, executionAnswer(known)] };
		return { refused: refuse(['body', 'reference_id'], 'duplicate reference_id: already exists') };
	}

	/** What makes two executes the same: the body without the passcode (a secret, not part of the payment). */
	function payloadKey(body) {
		const { passcode, ...rest } = body;
		return JSON.stringify(Object.keys(rest).sort().map((key) => [key, rest[key]]));
	}

	/** The session to execute: [session] or [undefined, 422]. */
	function activeSession(kind, id) {
		const session = sessionOf(id);
		if (!session || session.expired || Date.parse(session.expires_at) <= Date.now()) return [undefined, refuse(['body', 'session_id'], 'session not found / expired')];
		if (session.kind !== kind || session.status !== 'ACTIVE') return [undefined, refuse(['body', 'session_id'], 'session not ACTIVE or wrong operation type')];
		return [session];
	}

	function activeAccount(id, field) {
		const account = accountOf(id);
		if (!account) return [undefined, refuse(['body', field], 'payment account not found')];
		if (!account.is_active) return [undefined, refuse(['body', field], 'payment account is not active')];
		return [account];
	}

	/** The passcode against the server's: the code, then the phone or user ID it belongs to. */
	function checkPasscode({ token }) {
		const expected = settings.passcode;
		if (token.code !== expected.code) return refuse(['body', 'passcode', 'token', 'code'], 'Invalid passcode', 'value_error', token.code);
		if (token.phone !== undefined && token.phone !== expected.phone) return refuse(['body', 'passcode', 'token', 'phone'], 'Invalid passcode', 'value_error', token.phone);
		if (token.phone === undefined && token.user_id !== expected.user_id) {
			return token.user_id === undefined ? refuse(['body', 'passcode', 'token', 'phone'], 'phone or user_id required', 'missing') : refuse(['body', 'passcode', 'token', 'user_id'], 'Invalid passcode', 'value_error', token.user_id);
		}
		return undefined;
	}

	function addExecution(type, body, session, fields) {
		const at = isoNow();
		const execution = {
			id: executions.length + 1,
			operation_type: type.toUpperCase(),
			reference_id: body.reference_id,
			session_id: body.session_id,
			status: 'PENDING',
			provider_transaction_id: null,
			gateway_message: null,
			wallet_message: null,
			client_secret: null,
			requires_action: null,
			...fields,
			payload: payloadKey(body),
			status_reads: 0,
			created_at: at,
			updated_at: at,
		};
		executions.push(execution);
		byReference[type].set(execution.reference_id, execution);
		session.status = 'EXECUTED';
		session.updated_at = at;
		scheduleByTime(execution);
		return execution;
	}

	/** Takes a payout's or transfer's amount from its wallet; too little → the execution is FAILED at once. */
	function debit(walletId, amount) {
		const wallet = walletOf(walletId);
		if (!wallet || wallet.balance < amount) return { wallet_id: walletId, debited: 0, status: 'FAILED', wallet_message: 'Insufficient wallet balance', gateway_message: null };
		wallet.balance = round2(wallet.balance - amount);
		return { wallet_id: walletId, debited: amount };
	}

	// ---- routes -------------------------------------------------------------

	function createAccount(query, body, bodyIsJson) {
		const operationType = query.get('operation_type');
		if (!operationType) return refuse(['query', 'operation_type'], 'Field required', 'missing');
		if (!OPERATION_TYPES.includes(operationType)) return invalidParam('query', 'operation_type', operationType, OPERATION_TYPES);
		const detail = validate('CreatePaymentAccountPayload', body, bodyIsJson);
		if (detail) return [422, { detail }];
		if (!documents.party(body.party_id)) return refuse(['body', 'party_id'], 'party not found');
		const at = isoNow();
		const account = {
			id: accounts.length + 1,
			account_name: body.account_name,
			provider: body.provider,
			method: body.method,
			party_id: body.party_id,
			is_active: true,
			created_at: at,
			updated_at: at,
			country_code: body.country_code ?? null,
			insensitive_account_number: body.insensitive_account_number ?? null,
			operation_type: operationType,
		};
		accounts.push(account);
		const { insensitive_account_number, operation_type, ...answer } = account;
		return [200, answer];
	}

	const createSession = {
		checkout(body) {
			if (body.source_type !== 'INVOICE' && body.source_type !== 'ORDER') return refuse(['body', 'source_type'], "Input should be 'INVOICE' or 'ORDER'", 'enum', body.source_type);
			const source = documents.document(body.source_type, body.source_id);
			if (!source) return refuse(['body', 'source_id'], `${body.source_type === 'INVOICE' ? 'Invoice' : 'Order'} not found`);
			if (source.status !== 'ACTIVE') return refuse(['body', 'source_id'], `source is ${source.status}, not ACTIVE (only a published, unpaid invoice/order can be collected)`);
			return [200, sessionAnswer(newSession('checkout', { source_id: body.source_id, source_type: body.source_type, payment_account_id: null }))];
		},
		payout(body) {
			const [account, refused] = activeAccount(body.payout_account_id, 'payout_account_id');
			if (refused) return refused;
			const wallet = wallets.find((candidate) => candidate.currency === body.currency);
			if (!wallet) return refuse(['body', 'currency'], `no merchant wallet in ${body.currency}`);
			return [200, sessionAnswer(newSession('payout', { wallet_id: wallet.id, payout_account_id: account.id, amount: body.amount, currency: body.currency }))];
		},
		transfer(body) {
			const wallet = walletOf(body.from_wallet_id);
			if (!wallet) return refuse(['body', 'from_wallet_id'], 'wallet not found');
			if (wallet.currency !== body.currency) return refuse(['body', 'currency'], `wallet ${wallet.id} holds ${wallet.currency}, not ${body.currency}`);
			if (!documents.counterparty(body.to_counterparty_id)) return refuse(['body', 'to_counterparty_id'], 'counterparty not found');
			if (Date.parse(body.expires_at) <= Date.now()) return refuse(['body', 'expires_at'], 'expires_at must be in the future', 'value_error', body.expires_at);
			const { from_wallet_id, to_counterparty_id, amount, currency } = body;
			return [200, sessionAnswer(newSession('transfer', { from_wallet_id, to_counterparty_id, amount, currency }, new Date(body.expires_at).toISOString()))];
		},
		refund(body) {
			const intent = intents[body.original_payment_intent_id - 1];
			if (!intent) return refuse(['body', 'original_payment_intent_id'], 'payment intent not found (it must be that of a COMPLETED collection)');
			const left = refundable(intent);
			if (body.amount > left) return refuse(['body', 'amount'], `amount exceeds what is left to refund (${left} ${intent.currency})`, 'value_error', body.amount);
			if (Date.parse(body.expires_at) <= Date.now()) return refuse(['body', 'expires_at'], 'expires_at must be in the future', 'value_error', body.expires_at);
			return [200, sessionAnswer(newSession('refund', { original_payment_intent_id: intent.id, amount: body.amount, currency: intent.currency, reason: body.reason ?? null }, new Date(body.expires_at).toISOString()))];
		},
	};
	const SESSION_SCHEMAS = { checkout: 'CreateCheckoutSessionPayload', payout: 'CreatePayoutSessionPayload', transfer: 'CreateTransferSessionPayload', refund: 'CreateRefundSessionPayload' };

	const execute = {
		collection(body) {
			const [session, refused] = activeSession('checkout', body.session_id);
			if (refused) return refused;
			const [account, noAccount] = activeAccount(body.payment_account_id, 'payment_account_id');
			if (noAccount) return noAccount;
			const source = documents.document(session.source_type, session.source_id);
			if (source?.status !== 'ACTIVE') return refuse(['body', 'session_id'], `source is ${source?.status ?? 'gone'}, not ACTIVE`);
			documents.setStatus(session.source_type, source.id, 'PROCESSING');
			session.payment_account_id = account.id;
			// No FX here: the payer pays the document's total in the currency they name.
			const amount = source.total_amount;
			return addExecution('collection', body, session, { payment_account_id: body.payment_account_id, amount, currency: body.currency, source_type: session.source_type, source_id: source.id, payer_amount: amount, payer_currency: body.currency, payee_amount: amount, payee_currency: source.currency });
		},
		payout(body) {
			const [session, refused] = activeSession('payout', body.session_id);
			if (refused) return refused;
			if (String(session.payout_account_id) !== String(body.payout_account_id)) return refuse(['body', 'payout_account_id'], "payout_account_id does not match the session's");
			const [, noAccount] = activeAccount(body.payout_account_id, 'payout_account_id');
			if (noAccount) return noAccount;
			const { amount, currency } = session;
			return addExecution('payout', body, session, { payout_account_id: body.payout_account_id, amount, currency, payer_amount: amount, payer_currency: currency, payee_amount: amount, payee_currency: currency, ...debit(session.wallet_id, amount) });
		},
		transfer(body) {
			const [session, refused] = activeSession('transfer', body.session_id);
			if (refused) return refused;
			const { amount, currency } = session;
			return addExecution('transfer', body, session, { amount, currency, to_counterparty_id: session.to_counterparty_id, payer_amount: amount, payer_currency: currency, payee_amount: amount, payee_currency: currency, ...debit(session.from_wallet_id, amount) });
		},
		refund(body) {
			const [session, refused] = activeSession('refund', body.session_id);
			if (refused) return refused;
			const intent = intents[session.original_payment_intent_id - 1];
			const left = refundable(intent);
			if (session.amount > left) return refuse(['body', 'session_id'], `refund amount exceeds what is left to refund (${left} ${intent.currency})`);
			const { amount, currency } = session;
			return addExecution('refund', body, session, { amount, currency, payment_intent_id: intent.id, payer_amount: amount, payer_currency: currency, payee_amount: amount, payee_currency: currency });
		},
	};

	/** POST /v1/executions/<type>: schema, (payout: passcode), reference, then the type's checks. */
	function executeRoute(type, body, bodyIsJson) {
		const schema = { collection: 'CheckoutExecutionPayload', payout: 'PayoutExecutionPayload', transfer: 'TransferExecutionPayload', refund: 'RefundExecutionPayload' }[type];
		const detail = validate(schema, body, bodyIsJson);
		if (detail) return [422, { detail }];
		// The passcode authenticates the request: checked before anything else is looked at.
		const wrongPasscode = type === 'payout' ? checkPasscode(body.passcode) : undefined;
		if (wrongPasscode) return wrongPasscode;
		const { refused, replay } = checkReference(type, body);
		if (refused) return refused;
		if (replay) return replay;
		const made = execute[type](body);
		return Array.isArray(made) ? made : [200, executionAnswer(made)];
	}

	/** Answers a money route: [status, payload], or undefined when the path is not one of them. */
	function handle(method, url, body, bodyIsJson) {
		const path = url.pathname;
		if (path === '/v1/payment-accounts/create') return method === 'POST' ? createAccount(url.searchParams, body, bodyIsJson) : [405, { detail: 'Method Not Allowed' }];
		let match = /^\/v1\/sessions\/(checkout|payout|transfer|refund)$/.exec(path);
		if (match) {
			if (method !== 'POST') return [405, { detail: 'Method Not Allowed' }];
			const detail = validate(SESSION_SCHEMAS[match[1]], body, bodyIsJson);
			return detail ? [422, { detail }] : createSession[match[1]](body);
		}
		match = /^\/v1\/executions\/(collection|payout|transfer|refund)$/.exec(path);
		if (match) return method === 'POST' ? executeRoute(match[1], body, bodyIsJson) : [405, { detail: 'Method Not Allowed' }];
		match = /^\/v1\/status\/(collection|payout|transfer|refund)\/([^/]+)$/.exec(path);
		if (match) {
			if (method !== 'GET') return [405, { detail: 'Method Not Allowed' }];
			const execution = byReference[match[1]].get(decodeURIComponent(match[2]));
			if (!execution) return [404, { detail: 'Execution not found' }];
			onStatusRead(execution);
			return [200, executionAnswer(execution)];
		}
		return undefined;
	}

	/** A stored execution for the tests: everything but the server's bookkeeping. */
	function executionView(execution) {
		const { payload, ...view } = execution;
		return { ...view };
	}

	return {
		handle,
		/** Every execution, or those of one type ('payout' or 'PAYOUT'), in creation order. */
		executions: (type) => executions.filter((execution) => type === undefined || execution.operation_type === typeName(type).toUpperCase()).map(executionView),
		paymentAccounts: () => accounts.map((account) => ({ ...account })),
		moneySessions: () => sessions.map((session) => ({ ...session })),
		paymentIntents: () => intents.map((intent) => ({ ...intent, refundable: refundable(intent) })),
		wallets: () => wallets.map((wallet) => ({ ...wallet })),
		settleExecution(type, referenceId, status, messages = {}) {
			const execution = byReference[typeName(type)].get(referenceId);
			if (!execution) throw new Error(`No ${typeName(type)} execution with reference ${referenceId}`);
			return executionView(settle(execution, status, messages));
		},
		expireSessions() {
			const at = isoNow();
			for (const session of sessions) {
				session.expired = true;
				if (Date.parse(session.expires_at) > Date.now()) session.expires_at = at;
			}
		},
		/** Changes autoSettle, autoSettleMs, passcode or wallets (replaced whole) of the running server. */
		setMoneyOptions(changes) {
			for (const key of ['autoSettle', 'autoSettleMs', 'passcode']) if (key in changes) settings[key] = changes[key];
			if (changes.wallets) wallets = changes.wallets.map((wallet) => ({ ...wallet }));
		},
		/** Back to the options the server started with (the harness resets before every test). */
		resetOptions() {
			Object.assign(settings, started);
		},
		close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		},
	};
}

module.exports = { createMoney, DEFAULT_WALLETS, DEFAULT_PASSCODE, SESSION_MINUTES };
