'use strict';
/**
 * A local Dollr API: the contract in test/spec/dollr-openapi.yaml plus the
 * documented facts of the token, status and link endpoints, and the document
 * API (parties, counterparties, invoices, orders: ./documents.js, schemas in
 * test/spec/dollr-documents.yaml). Used by the tests, the benchmark, the demo
 * and `npm run dev`; it never talks to the real Dollr.
 *
 * Request bodies are validated with ajv against the schemas loaded from the
 * spec files, and refused with FastAPI's 422 shape.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const { fullFormats } = require('ajv-formats/dist/formats');
const YAML = require('yaml');
const { createDocuments, KINDS } = require('./documents');

const SPEC_DIR = path.join(__dirname, '..', 'spec');
const DEFAULT_CLIENTS = { 'test-client': 'test-secret' };

/** An ajv holding the `components.schemas` of one spec file under `$id`; `get(name)` compiles one. */
function loadSpec(file, id, configure = () => {}) {
	const spec = YAML.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8'));
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats(ajv);
	configure(ajv);
	ajv.addSchema({ $id: id, components: spec.components });
	return { names: Object.keys(spec.components.schemas), get: (name) => ajv.getSchema(`${id}#/components/schemas/${name}`) };
}

/** Compiled validators: the checkout's from the OpenAPI file, and `documents[name]` for every schema of dollr-documents.yaml. */
function loadSchemas() {
	const checkout = loadSpec('dollr-openapi.yaml', 'dollr');
	// Dollr's server is FastAPI/pydantic, which takes date-times without a time zone too.
	const documents = loadSpec('dollr-documents.yaml', 'documents', (ajv) => ajv.addFormat('date-time', fullFormats['iso-date-time']));
	return {
		request: checkout.get('CreateCheckoutSourceRequestPayload'),
		response: checkout.get('CreateCheckoutSourceLinkResponse'),
		validationError: checkout.get('HTTPValidationError'),
		documents: Object.fromEntries(documents.names.map((name) => [name, documents.get(name)])),
	};
}

const schemas = loadSchemas();

/** ajv errors → FastAPI's `detail[]`: one entry per location, the most specific message. */
function toFastApiDetail(errors) {
	const byLoc = new Map();
	for (const error of errors) {
		const segments = error.instancePath
			.split('/')
			.slice(1)
			.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
		let loc = ['body', ...segments];
		let entry;
		if (error.keyword === 'required') {
			loc = [...loc, error.params.missingProperty];
			entry = { type: 'missing', msg: 'Field required' };
		} else if (error.keyword === 'pattern') {
			entry = { type: 'string_pattern_mismatch', msg: `String should match pattern '${error.params.pattern}'` };
		} else if (error.keyword === 'minimum') {
			entry = { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${error.params.limit}` };
		} else if (error.keyword === 'minLength' || error.keyword === 'maxLength') {
			entry = { type: `string_too_${error.keyword === 'minLength' ? 'short' : 'long'}`, msg: `String should have ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${error.params.limit} characters` };
		} else if (error.keyword === 'type') {
			entry = { type: `${error.params.type}_type`, msg: `Input should be a valid ${error.params.type}` };
		} else if (error.keyword === 'enum' || error.keyword === 'const') {
			const options = (error.keyword === 'enum' ? error.params.allowedValues : [error.params.allowedValue]).map((option) => `'${option}'`);
			entry = { type: 'enum', msg: `Input should be ${options.length > 1 ? `${options.slice(0, -1).join(', ')} or ` : ''}${options[options.length - 1]}` };
		} else if (error.keyword === 'format') {
			entry = { type: 'datetime_from_date_parsing', msg: `Input should be a valid ${error.params.format}` };
		} else {
			entry = { type: error.keyword, msg: error.message };
		}
		const key = JSON.stringify(loc);
		// anyOf reports each branch; keep the first specific complaint per field.
		if (!byLoc.has(key) || byLoc.get(key).type === 'anyOf') byLoc.set(key, { loc, ...entry });
	}
	return [...byLoc.values()];
}

/** Wall-clock milliseconds with sub-millisecond precision, to order requests that fall in the same millisecond. */
function now() {
	return performance.timeOrigin + performance.now();
}

/**
 * Starts the server on 127.0.0.1 (a free port unless `port` is given).
 * Options: clients ({id: secret}), tokenLifetimeMinutes (60, as documented),
 * latencyMs (added to every answer, to stand in for a network; a number or a
 * function of the request record returning a number or a promise), record (keep every request in `requests`,
 * default true), maxCreatesInFlight (a rate limit as a count: while that many
 * creates are being answered, another one gets 429 with `Retry-After: 1` and
 * creates nothing; default no limit), onRequest (called with each request's
 * record once it is handled, its status set, before the answer goes out: the
 * caller's socket is still open, `record.remotePort` names it).
 */
async function startDollrServer(options = {}) {
	const clients = options.clients ?? DEFAULT_CLIENTS;
	const state = {
		tokenLifetimeMinutes: options.tokenLifetimeMinutes ?? 60,
		latencyMs: options.latencyMs ?? 0,
		record: options.record ?? true,
		maxCreatesInFlight: options.maxCreatesInFlight ?? Infinity,
		createsInFlight: 0,
		onRequest: options.onRequest,
	};
	const tokens = new Map(); // token → { clientId, expiresAt }
	/** Parties, counterparties, invoices and orders: what checkouts create and the document endpoints serve. */
	const store = createDocuments({ validate: validateDocument });
	/** Scripted faults per path, consumed one per request (see `injectFaults`). */
	const faults = new Map();
	const requests = [];
	const checkouts = [];

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			let bodyIsJson = true;
			try {
				body = raw === '' ? undefined : JSON.parse(raw);
			} catch {
				body = raw;
				bodyIsJson = false;
			}
			const record = {
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
				status: undefined,
				/** When the request was complete and when its answer was written (ms, see `now`). */
				receivedAt: now(),
				answeredAt: undefined,
				/** The caller's port on 127.0.0.1 (which process asked: see test/queue/cluster.js socketOwner). */
				remotePort: req.socket.remotePort,
			};
			if (state.record) requests.push(record);
			const send = (status, payload, headers = {}) => {
				record.status = status;
				const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
				// The answer as sent: parsed from its text when read, so that later
				// changes to a stored document do not rewrite the record.
				let parsed;
				Object.defineProperty(record, 'response', {
					enumerable: true,
					configurable: true,
					get: () => (typeof payload === 'string' ? payload : (parsed ??= JSON.parse(text))),
				});
				state.onRequest?.(record);
				const respond = () => {
					if (res.destroyed) return;
					record.answeredAt = now();
					res.writeHead(status, {
						'content-type': typeof payload === 'string' ? 'text/html' : 'application/json',
						...headers,
					});
					res.end(text);
				};
				const latency = typeof state.latencyMs === 'function' ? state.latencyMs(record) : state.latencyMs;
				if (typeof latency?.then === 'function') latency.then(respond);
				else if (latency > 0) setTimeout(respond, latency);
				else respond();
			};
			if (req.method === 'POST' && url.pathname === '/v1/checkouts/create') {
				if (state.createsInFlight >= state.maxCreatesInFlight) {
					return send(429, { detail: 'Too many requests' }, { 'retry-after': '1' });
				}
				state.createsInFlight++;
				res.once('close', () => state.createsInFlight--);
			}
			const fault = faults.get(url.pathname)?.shift();
			if (fault && !fault.afterHandling) return applyFault(fault, req, res, record, send);
			handle(req.method, url, body, bodyIsJson, req.headers, (status, payload, headers) => {
				if (fault) return applyFault(fault, req, res, record, send);
				send(status, payload, headers);
			});
		});
	});

	/**
	 * A scripted answer instead of the real one. Fields: status + body + headers,
	 * html (an HTML page), delayMs (answer late), drop (close the socket without
	 * answering). With afterHandling the request is processed first (a checkout
	 * is created) and the fault replaces its answer.
	 */
	function applyFault(fault, req, res, record, send) {
		record.fault = fault;
		const act = () => {
			if (fault.drop) {
				record.status = 'dropped';
				record.answeredAt = now();
				req.socket.destroy();
				return;
			}
			if (fault.html) return send(fault.status ?? 200, '<html><body>Gateway says hello</body></html>');
			send(fault.status ?? 200, fault.body ?? { detail: `Injected ${fault.status}` }, fault.headers);
		};
		if (fault.delayMs) setTimeout(act, fault.delayMs);
		else act();
	}

	function authorised(headers) {
		const match = /^Bearer (.+)$/.exec(headers.authorization ?? '');
		if (!match) return { status: 401, body: { detail: 'Not authenticated' } };
		const token = tokens.get(match[1]);
		if (!token || token.expiresAt <= Date.now()) return { status: 401, body: { detail: 'Could not validate credentials' } };
		return undefined;
	}

	function handle(method, url, body, bodyIsJson, headers, reply) {
		const route = `${method} ${url.pathname}`;
		if (route === 'POST /v1/jwt/client/obtain/token') {
			const { client_id: clientId, client_secret: clientSecret } = (bodyIsJson && body) || {};
			if (typeof clientId !== 'string' || clients[clientId] === undefined || clients[clientId] !== clientSecret) {
				return reply(401, { detail: 'Invalid client credentials' });
			}
			const accessToken = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: clientId, n: crypto.randomUUID() })).toString('base64url')}.${crypto.randomBytes(16).toString('base64url')}`;
			tokens.set(accessToken, { clientId, expiresAt: Date.now() + state.tokenLifetimeMinutes * 60_000 });
			return reply(200, { access_token: accessToken, expires_in: state.tokenLifetimeMinutes });
		}
		const refused = authorised(headers);
		if (route === 'POST /v1/checkouts/create') {
			if (refused) return reply(refused.status, refused.body);
			const detail = bodyErrors(schemas.request, body, bodyIsJson);
			if (detail) return reply(422, { detail });
			// Dollr refuses SUBSCRIPTION (reserved) and anything else but these two.
			if (!KINDS[body.source_kind]) {
				return reply(422, { detail: [{ loc: ['body', 'source_kind'], msg: "Input should be 'INVOICE' or 'ORDER'", type: 'enum' }] });
			}
			return reply(200, createCheckout(body));
		}
		if (route === 'GET /v1/status/source') {
			if (refused) return reply(refused.status, refused.body);
			const missing = missingQuery(url, ['source_type', 'source_id']);
			if (missing) return reply(422, missing);
			const status = store.statusOf(url.searchParams.get('source_type'), url.searchParams.get('source_id'));
			if (!status) return reply(404, { detail: 'Source not found' });
			return reply(200, status);
		}
		if (route === 'GET /v1/links/pay' || route === 'GET /v1/links/receipt') {
			if (refused) return reply(refused.status, refused.body);
			const missing = missingQuery(url, ['source_type', 'source_number']);
			if (missing) return reply(422, missing);
			const found = store.findByNumber(url.searchParams.get('source_type'), url.searchParams.get('source_number'));
			if (!found) return reply(404, { detail: 'Source not found' });
			const { status } = found.doc;
			// Dollr documents the pay link "of a published source" and the receipt
			// link "once PAID", not their errors: this server's choice is 409 with a detail.
			if (url.pathname === '/v1/links/pay') {
				if (status === 'IDLE' || status === 'CANCELED') {
					return reply(409, { detail: `Pay link not available: the source is ${status}${status === 'IDLE' ? ', not published yet' : ''}` });
				}
				return reply(200, { url: `${api.url}/checkout/${found.token}` });
			}
			if (status !== 'PAID') {
				return reply(409, { detail: `Receipt not available: the source is ${status}, not PAID` });
			}
			return reply(200, { url: `${api.url}/receipt/${found.token}` });
		}
		if (url.pathname.startsWith('/v1/')) {
			if (refused) return reply(refused.status, refused.body);
			const answer = store.handle(method, url, body, bodyIsJson);
			if (answer) return reply(answer[0], answer[1]);
		}
		return reply(404, { detail: 'Not Found' });
	}

	/** FastAPI's `detail[]` for a body that is not JSON or fails its schema, or undefined. */
	function bodyErrors(validator, body, bodyIsJson) {
		if (!bodyIsJson) return [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
		if (body === undefined) return [{ loc: ['body'], msg: 'Field required', type: 'missing' }];
		return validator(body) ? undefined : toFastApiDetail(validator.errors);
	}

	function validateDocument(schemaName, body, bodyIsJson) {
		return bodyErrors(schemas.documents[schemaName], body, bodyIsJson);
	}

	/** FastAPI's 422 for required query parameters that are absent or empty, or undefined. */
	function missingQuery(url, names) {
		const detail = names
			.filter((name) => !url.searchParams.get(name))
			.map((name) => ({ loc: ['query', name], msg: 'Field required', type: 'missing' }));
		return detail.length ? { detail } : undefined;
	}

	/** The checkout's invoice/order (ACTIVE, items at qty 1) goes into the document store. */
	function createCheckout(body) {
		const { doc, number, token, partyId, counterpartyId } = store.createFromCheckout(body);
		const checkout = {
			mode: body.mode,
			source_type: body.source_kind,
			source_id: doc.id,
			source_number: number,
			source_status: doc.status,
			reference_id: body.reference_id ?? null,
			counterparty_id: counterpartyId,
			party_id: partyId,
			currency: body.currency,
			total_amount: doc.total_amount,
			due_date: body.due_date ?? null,
			source_checkout_config_id: checkouts.length + 1,
			expires_at: body.expires_at ?? null,
			hosted_path_or_token: token,
			success_url: body.success_url ?? null,
			cancel_url: body.cancel_url ?? null,
			url: `${api.url}/checkout/${token}`,
		};
		checkouts.push({ request: body, response: checkout });
		return checkout;
	}

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address();

	const api = {
		url: `http://127.0.0.1:${port}`,
		port,
		clients,
		/** Every request received: { method, path, query, headers, body, status, response }. */
		requests,
		/** Every checkout created: { request, response }. */
		checkouts,
		/** Makes every token issued so far invalid, as if its hour were over. */
		expireTokens() {
			for (const token of tokens.values()) token.expiresAt = 0;
		},
		setTokenLifetimeMinutes(minutes) {
			state.tokenLifetimeMinutes = minutes;
		},
		/**
		 * A number, or a function of the request record (e.g. slower for some items)
		 * returning a number or a promise: the answer goes out when it settles (an event).
		 */
		setLatencyMs(milliseconds) {
			state.latencyMs = milliseconds;
		},
		/** Moves any invoice/order ('INVOICE' | 'ORDER') through its statuses, e.g. to PAID (sets paid_at and updated_at). */
		setSourceStatus(sourceType, sourceId, status) {
			return store.setStatus(sourceType, sourceId, status);
		},
		/**
		 * Creates documents without HTTP (fast enough for 100 000). Each entry may
		 * give status (default IDLE), currency, total_amount, note, fee_bearer,
		 * as_payment_link, counterparty_id, reference_id, due_date, created_at,
		 * updated_at, paid_at and items ({name, qty, amount, currency}; the total
		 * follows them unless total_amount is given). Returns the stored documents.
		 */
		seedDocuments: (sourceType, list) => store.seedDocuments(sourceType, list),
		/** The stored documents of a type, by ID (the live objects, as the list endpoint answers them). */
		documents: (sourceType) => store.documents(sourceType),
		/** One document as retrieve answers it (items and counterparty embedded). */
		documentDetail: (sourceType, id) => store.documentDetail(sourceType, id),
		parties: () => store.parties(),
		counterparties: () => store.counterparties(),
		/** Parties / counterparties without HTTP: entries as the create bodies; return what was stored. */
		seedParties: (list) => store.seedParties(list),
		seedCounterparties: (list) => store.seedCounterparties(list),
		/** Queues scripted answers for a path, one per request (see applyFault); `null` lets one request through. */
		injectFaults(pathname, list) {
			faults.set(pathname, [...(faults.get(pathname) ?? []), ...list]);
		},
		reset() {
			requests.length = 0;
			checkouts.length = 0;
			faults.clear();
		},
		schemas,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
	return api;
}

/**
 * A few parties, counterparties and documents, so that a person trying the node
 * (npm run dev, cli.js --seed) has something to pick from the lists.
 */
function seedExampleData(server) {
	const [amara, kollie] = server.seedParties([
		{ fullname: 'Amara Kamara', phone: '231771234567', email: 'amara@example.com', country_code: 'LR' },
		{ fullname: 'Kollie Supplies Inc.', phone: '231886543210', email: null, country_code: 'LR' },
	]);
	const [customer, supplier] = server.seedCounterparties([
		{ relationship_type: 'CUSTOMER', party_id: amara.id },
		{ relationship_type: 'SUPPLIER', party_id: kollie.id },
	]);
	const line = (name, qty, amount) => ({ name, qty, amount, currency: 'USD' });
	server.seedDocuments('INVOICE', [
		{ counterparty_id: customer.id, currency: 'USD', note: 'Draft: consulting', fee_bearer: 'PAYER', items: [line('Consulting (hours)', 4, 75)] },
		{ status: 'ACTIVE', counterparty_id: customer.id, currency: 'USD', note: 'Solar lamps', fee_bearer: 'PAYEE', items: [line('Solar lamp', 2, 45.5)] },
		{ status: 'PAID', counterparty_id: customer.id, currency: 'USD', note: 'Installation', fee_bearer: 'PAYEE', items: [line('Installation', 1, 120)] },
	]);
	server.seedDocuments('ORDER', [{ status: 'ACTIVE', counterparty_id: supplier.id, currency: 'LRD', note: 'Market goods', fee_bearer: 'PAYEE', items: [{ name: 'Rice (bag)', qty: 3, amount: 1500, currency: 'LRD' }] }]);
}

module.exports = { startDollrServer, seedExampleData, schemas, DEFAULT_CLIENTS };
