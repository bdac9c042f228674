'use strict';
/**
 * A local Dollr API: the contract in test/spec/dollr-openapi.yaml plus the
 * documented facts of the token, status and link endpoints. Used by the tests,
 * the benchmark, the demo and `npm run dev`; it never talks to the real Dollr.
 *
 * Request bodies of POST /v1/checkouts/create are validated with ajv against the
 * schema loaded from the OpenAPI file, and refused with FastAPI's 422 shape.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const YAML = require('yaml');

const SPEC_PATH = path.join(__dirname, '..', 'spec', 'dollr-openapi.yaml');
const DEFAULT_CLIENTS = { 'test-client': 'test-secret' };
const SOURCE_PREFIX = { INVOICE: 'INV', ORDER: 'ORD' };
const STATUSES = ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'];

/** Compiled validators for the schemas of the OpenAPI file, by schema name. */
function loadSchemas() {
	const spec = YAML.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats(ajv);
	ajv.addSchema({ $id: 'dollr', components: spec.components });
	const get = (name) => ajv.getSchema(`dollr#/components/schemas/${name}`);
	return {
		request: get('CreateCheckoutSourceRequestPayload'),
		response: get('CreateCheckoutSourceLinkResponse'),
		validationError: get('HTTPValidationError'),
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

function round2(value) {
	return Math.round(value * 100) / 100;
}

/**
 * Starts the server on 127.0.0.1 (a free port unless `port` is given).
 * Options: clients ({id: secret}), tokenLifetimeMinutes (60, as documented),
 * latencyMs (added to every answer, to stand in for a network; a number or a
 * function of the request record), record (keep every request in `requests`,
 * default true), maxCreatesInFlight (a rate limit as a count: while that many
 * creates are being answered, another one gets 429 with `Retry-After: 1` and
 * creates nothing; default no limit).
 */
async function startDollrServer(options = {}) {
	const clients = options.clients ?? DEFAULT_CLIENTS;
	const state = {
		tokenLifetimeMinutes: options.tokenLifetimeMinutes ?? 60,
		latencyMs: options.latencyMs ?? 0,
		record: options.record ?? true,
		maxCreatesInFlight: options.maxCreatesInFlight ?? Infinity,
		createsInFlight: 0,
	};
	const tokens = new Map(); // token → { clientId, expiresAt }
	const sources = new Map(); // `${type}:${id}` → source (what the status endpoint answers)
	const sourcesByNumber = new Map(); // `${type}:${number}` → { source, token } (for the link endpoints)
	/** Scripted faults per path, consumed one per request (see `injectFaults`). */
	const faults = new Map();
	const requests = [];
	const checkouts = [];
	let nextSourceId = 1;
	let nextPartyId = 100;

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
			};
			if (state.record) requests.push(record);
			const send = (status, payload, headers = {}) => {
				record.status = status;
				record.response = payload;
				const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
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
				if (latency > 0) setTimeout(respond, latency);
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
			if (!bodyIsJson || !schemas.request(body)) {
				const detail = bodyIsJson
					? toFastApiDetail(schemas.request.errors)
					: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
				return reply(422, { detail });
			}
			return reply(200, createCheckout(body));
		}
		if (route === 'GET /v1/status/source') {
			if (refused) return reply(refused.status, refused.body);
			const missing = missingQuery(url, ['source_type', 'source_id']);
			if (missing) return reply(422, missing);
			const source = sources.get(`${url.searchParams.get('source_type')}:${url.searchParams.get('source_id')}`);
			if (!source) return reply(404, { detail: 'Source not found' });
			return reply(200, statusOf(source));
		}
		if (route === 'GET /v1/links/pay' || route === 'GET /v1/links/receipt') {
			if (refused) return reply(refused.status, refused.body);
			const missing = missingQuery(url, ['source_type', 'source_number']);
			if (missing) return reply(422, missing);
			const found = sourcesByNumber.get(`${url.searchParams.get('source_type')}:${url.searchParams.get('source_number')}`);
			if (!found) return reply(404, { detail: 'Source not found' });
			if (url.pathname === '/v1/links/pay') return reply(200, { url: `${api.url}/checkout/${found.token}` });
			// Dollr documents the receipt link only "once PAID", not its error before:
			// this server's choice is 409 with a detail.
			if (found.source.status !== 'PAID') {
				return reply(409, { detail: `Receipt not available: the source is ${found.source.status}, not PAID` });
			}
			return reply(200, { url: `${api.url}/receipt/${found.token}` });
		}
		return reply(404, { detail: 'Not Found' });
	}

	/** FastAPI's 422 for required query parameters that are absent or empty, or undefined. */
	function missingQuery(url, names) {
		const detail = names
			.filter((name) => !url.searchParams.get(name))
			.map((name) => ({ loc: ['query', name], msg: 'Field required', type: 'missing' }));
		return detail.length ? { detail } : undefined;
	}

	function createCheckout(body) {
		const sourceId = nextSourceId++;
		const prefix = SOURCE_PREFIX[body.source_kind] ?? 'SRC';
		const token = crypto.randomBytes(12).toString('base64url');
		const source = {
			source_id: sourceId,
			source_type: body.source_kind,
			source_number: `${prefix}-${new Date().getUTCFullYear()}-${String(sourceId).padStart(4, '0')}`,
			status: 'ACTIVE',
			currency: body.currency,
			total_amount: round2(body.items.reduce((sum, item) => sum + item.amount, 0)),
			paid_at: null,
		};
		sources.set(`${source.source_type}:${sourceId}`, source);
		sourcesByNumber.set(`${source.source_type}:${source.source_number}`, { source, token });
		const checkout = {
			mode: body.mode,
			source_type: source.source_type,
			source_id: sourceId,
			source_number: source.source_number,
			source_status: source.status,
			reference_id: body.reference_id ?? null,
			counterparty_id: body.counterparty_id ?? nextPartyId + 1000,
			party_id: nextPartyId++,
			currency: body.currency,
			total_amount: source.total_amount,
			due_date: body.due_date ?? null,
			source_checkout_config_id: sourceId,
			expires_at: body.expires_at ?? null,
			hosted_path_or_token: token,
			success_url: body.success_url ?? null,
			cancel_url: body.cancel_url ?? null,
			url: `${api.url}/checkout/${token}`,
		};
		checkouts.push({ request: body, response: checkout });
		return checkout;
	}

	function statusOf(source) {
		return { ...source };
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
		/** A number, or a function of the request record (e.g. slower for some items). */
		setLatencyMs(milliseconds) {
			state.latencyMs = milliseconds;
		},
		/** Moves a source through its statuses, e.g. to PAID. */
		setSourceStatus(sourceType, sourceId, status) {
			if (!STATUSES.includes(status)) throw new Error(`Unknown status ${status}`);
			const source = sources.get(`${sourceType}:${sourceId}`);
			if (!source) throw new Error(`No ${sourceType} ${sourceId}`);
			source.status = status;
			source.paid_at = status === 'PAID' ? new Date().toISOString() : null;
		},
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

module.exports = { startDollrServer, schemas, DEFAULT_CLIENTS };
