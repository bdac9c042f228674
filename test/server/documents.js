'use strict';
/**
 * The document side of the local Dollr server: parties, counterparties,
 * invoices and orders with their items, kept in memory with real state, and
 * the routes of shared/spec/dollr-documents-api.md that serve them. Hosted
 * checkouts create their invoice/order here too, so the status and link
 * endpoints and the document endpoints see the same documents.
 *
 * Where Dollr is silent the choices are this server's own (docs/operations.md, "Where
 * Dollr's documentation is silent"): 409 {"detail"} for what a document's
 * state forbids, 404 {"detail": "<Thing> not found"}, the receipt's shape,
 * numbers taken from the per-type ID, lists ordered by ID.
 */
const crypto = require('node:crypto');

const STATUSES = ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'];
const RELATIONSHIP_TYPES = ['CUSTOMER', 'SUPPLIER', 'EMPLOYEE', 'BENEFICIARY', 'FRIEND', 'FAMILY', 'DONOR', 'DONEE', 'CONTACT', 'SERVICE_PROVIDER', 'PARTNER', 'SELF'];
/** Fee the receipt shows: 2 % of the total (the server's own figure). */
const FEE_RATE = 0.02;

/** What differs between invoices and orders: names, paths, number format and due_date. */
const KINDS = {
	INVOICE: { type: 'INVOICE', name: 'Invoice', plural: 'invoices', number: 'invoice_number', items: 'invoice_items', itemOwner: 'invoice_id', prefix: 'INV', digits: 4, dueDate: true },
	ORDER: { type: 'ORDER', name: 'Order', plural: 'orders', number: 'order_number', items: 'order_items', itemOwner: 'order_id', prefix: 'ORD', digits: 5, dueDate: false },
};

function round2(value) {
	return Math.round(value * 100) / 100;
}

function isoNow() {
	return new Date().toISOString();
}

/** FastAPI's 422 for a path or query value that fails its type or enum. */
function invalidParam(where, name, value, expected) {
	if (expected === 'integer') {
		return [422, { detail: [{ type: 'int_parsing', loc: [where, name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: value }] }];
	}
	const names = expected.map((option) => `'${option}'`);
	const msg = `Input should be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
	return [422, { detail: [{ type: 'enum', loc: [where, name], msg, input: value, ctx: { expected: msg.slice('Input should be '.length) } }] }];
}

/**
 * @param validate (schemaName, body, bodyIsJson) → FastAPI `detail[]` or undefined
 */
function createDocuments({ validate }) {
	const parties = [];
	const partiesByPhone = new Map();
	const counterparties = [];
	const counterpartiesByLink = new Map(); // `${party_id}:${relationship_type}` → counterparty (checkout matching)
	/**
	 * One shelf per kind: the documents in ID order (IDs count from 1, so the
	 * document with ID n is list[n - 1]) and the items of those that have some.
	 * No index beyond that: seeding 100 000 documents stays cheap.
	 */
	const shelves = {};
	for (const kind of Object.values(KINDS)) {
		shelves[kind.type] = { kind, list: [], items: new Map(), nextItemId: 1, numberPattern: new RegExp(`^${kind.prefix}-\\d{4}-(\\d+)$`) };
	}
	/** Link tokens: one random part per server, then the document. */
	const tokenPrefix = crypto.randomBytes(9).toString('base64url');
	const NO_ITEMS = Object.freeze([]);

	// ---- store --------------------------------------------------------------

	function addParty({ fullname, phone, email = null, country_code = null }, at = isoNow()) {
		const party = { id: parties.length + 1, fullname, phone, email, country_code, created_at: at, updated_at: at };
		parties.push(party);
		if (!partiesByPhone.has(phone)) partiesByPhone.set(phone, party);
		return party;
	}

	function addCounterparty({ relationship_type, party_id = null }, at = isoNow()) {
		const counterparty = { id: counterparties.length + 1, relationship_type, party_id, created_at: at, updated_at: at };
		counterparties.push(counterparty);
		const link = `${party_id}:${relationship_type}`;
		if (!counterpartiesByLink.has(link)) counterpartiesByLink.set(link, counterparty);
		return counterparty;
	}

	function withParty(counterparty) {
		return { ...counterparty, party: counterparty.party_id === null ? null : (byId(parties, counterparty.party_id) ?? null) };
	}

	/** The entry with this ID of a list whose IDs count from 1, or undefined. */
	function byId(list, id) {
		return Number.isInteger(id) && id >= 1 ? list[id - 1] : undefined;
	}

	function documentByNumber(shelf, number) {
		const match = shelf.numberPattern.exec(number ?? '');
		const doc = match ? byId(shelf.list, Number(match[1])) : undefined;
		return doc?.[shelf.kind.number] === number ? doc : undefined;
	}

	function itemsOf(shelf, doc) {
		return shelf.items.get(doc.id) ?? NO_ITEMS;
	}

	function tokenOf(shelf, doc) {
		return `${tokenPrefix}${shelf.kind.prefix}${doc.id}`;
	}

	function shelfOf(sourceType) {
		const shelf = shelves[sourceType];
		if (!shelf) throw new Error(`Unknown source type ${sourceType} (INVOICE or ORDER)`);
		return shelf;
	}

	/** A new document; `fields` as the API names them, plus `items` ({name, qty, amount, currency}). */
	function addDocument(shelf, fields, at = isoNow()) {
		const { kind } = shelf;
		const id = shelf.list.length + 1;
		const createdAt = fields.created_at ?? at;
		const status = fields.status ?? 'IDLE';
		if (!STATUSES.includes(status)) throw new Error(`Unknown status ${status}`);
		const number = `${kind.prefix}-${createdAt.slice(0, 4)}-${String(id).padStart(kind.digits, '0')}`;
		// Filled field by field: a computed key in the literal would make V8 keep
		// the object as a slow dictionary (5 times the cost to seed and to list).
		const doc = { id };
		doc[kind.number] = number;
		doc.status = status;
		doc.currency = fields.currency ?? 'USD';
		doc.total_amount = fields.total_amount ?? 0;
		doc.note = fields.note ?? null;
		doc.fee_bearer = fields.fee_bearer ?? null;
		doc.as_payment_link = fields.as_payment_link ?? true;
		doc.counterparty_id = fields.counterparty_id ?? null;
		doc.reference_id = fields.reference_id ?? null;
		if (kind.dueDate) doc.due_date = fields.due_date ?? null;
		doc.paid_at = fields.paid_at ?? (status === 'PAID' ? (fields.updated_at ?? createdAt) : null);
		doc.created_at = createdAt;
		doc.updated_at = fields.updated_at ?? createdAt;
		shelf.list.push(doc);
		if (fields.items?.length) {
			for (const item of fields.items) addItem(shelf, doc, item, createdAt);
			if (fields.total_amount === undefined) doc.total_amount = totalOf(itemsOf(shelf, doc));
		}
		return doc;
	}

	function addItem(shelf, doc, { name, qty = 1, amount, currency }, at = isoNow()) {
		const item = { id: shelf.nextItemId++, [shelf.kind.itemOwner]: doc.id, name, qty, amount, currency: currency ?? doc.currency, created_at: at, updated_at: at };
		if (!shelf.items.has(doc.id)) shelf.items.set(doc.id, []);
		shelf.items.get(doc.id).push(item);
		return item;
	}

	function totalOf(items) {
		return round2(items.reduce((sum, item) => sum + item.qty * item.amount, 0));
	}

	function touch(doc, at = isoNow()) {
		doc.updated_at = at;
	}

	function setStatus(sourceType, id, status) {
		if (!STATUSES.includes(status)) throw new Error(`Unknown status ${status}`);
		const doc = byId(shelfOf(sourceType).list, Number(id));
		if (!doc) throw new Error(`No ${sourceType} ${id}`);
		const at = isoNow();
		doc.status = status;
		doc.paid_at = status === 'PAID' ? at : null;
		touch(doc, at);
		return doc;
	}

	function detailOf(shelf, doc) {
		const counterparty = doc.counterparty_id === null ? undefined : byId(counterparties, doc.counterparty_id);
		return { ...doc, [shelf.kind.items]: itemsOf(shelf, doc).map((item) => ({ ...item })), counterparty: counterparty ? withParty(counterparty) : null };
	}

	function receiptOf(shelf, doc) {
		const { kind } = shelf;
		const fee = round2(doc.total_amount * FEE_RATE);
		const payerPays = doc.fee_bearer === 'PAYER';
		return {
			receipt_number: `RCT-${doc[kind.number]}`,
			source_type: kind.type,
			source_id: doc.id,
			source_number: doc[kind.number],
			status: doc.status,
			currency: doc.currency,
			total_amount: doc.total_amount,
			fee_bearer: doc.fee_bearer,
			fee_amount: fee,
			amount_paid: payerPays ? round2(doc.total_amount + fee) : doc.total_amount,
			amount_settled: payerPays ? doc.total_amount : round2(doc.total_amount - fee),
			fx_rate: 1,
			settlement_currency: doc.currency,
			provider: 'LOCAL_TEST',
			paid_at: doc.paid_at,
			items: itemsOf(shelf, doc).map(({ name, qty, amount, currency }) => ({ name, qty, amount, currency, line_total: round2(qty * amount) })),
		};
	}

	/**
	 * What POST /v1/checkouts/create does besides the checkout context: match or
	 * create the party (by phone) and counterparty (party + relationship), then an
	 * ACTIVE document with the items, qty 1 each.
	 */
	function createFromCheckout(body) {
		const shelf = shelfOf(body.source_kind);
		const at = isoNow();
		const party = partiesByPhone.get(body.party_phone) ?? addParty({ fullname: body.party_name ?? body.party_phone, phone: body.party_phone, email: body.party_email ?? null }, at);
		let counterpartyId = body.counterparty_id ?? undefined;
		let partyId = party.id;
		if (counterpartyId === undefined) {
			const relationship = RELATIONSHIP_TYPES.includes(body.party_relationship) ? body.party_relationship : 'CUSTOMER';
			counterpartyId = (counterpartiesByLink.get(`${party.id}:${relationship}`) ?? addCounterparty({ relationship_type: relationship, party_id: party.id }, at)).id;
		} else {
			partyId = byId(counterparties, counterpartyId)?.party_id ?? party.id;
		}
		const doc = addDocument(
			shelf,
			{
				status: 'ACTIVE',
				currency: body.currency,
				note: body.note ?? null,
				counterparty_id: counterpartyId,
				reference_id: body.reference_id ?? null,
				due_date: body.due_date ?? null,
				items: body.items.map(({ name, amount, currency }) => ({ name, qty: 1, amount, currency })),
			},
			at,
		);
		return { doc, number: doc[shelf.kind.number], token: tokenOf(shelf, doc), partyId, counterpartyId };
	}

	/** A document by type and number, with its link token (for the link endpoints). */
	function findByNumber(sourceType, number) {
		const shelf = shelves[sourceType];
		const doc = shelf && documentByNumber(shelf, number);
		return doc && { doc, number, token: tokenOf(shelf, doc) };
	}

	/** The answer of GET /v1/status/source. */
	function statusOf(sourceType, id) {
		const shelf = shelves[sourceType];
		const doc = shelf && /^\d+$/.test(id ?? '') ? byId(shelf.list, Number(id)) : undefined;
		if (!doc) return undefined;
		const { status, currency, total_amount, paid_at } = doc;
		return { source_id: doc.id, source_type: sourceType, source_number: doc[shelf.kind.number], status, currency, total_amount, paid_at };
	}

	// ---- routes -------------------------------------------------------------

	const routes = [];
	/** `:name` matches one path segment; names ending in `id` must be integers (FastAPI's int path params). */
	function route(method, pattern, handler) {
		const names = [];
		const source = pattern.replace(/:(\w+)/g, (_, name) => {
			names.push(name);
			return '([^/]+)';
		});
		routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
	}

	/** Body checked against its schema: a 422 answer or undefined. */
	function refuseBody(schema, body, bodyIsJson) {
		const detail = validate(schema, body, bodyIsJson);
		return detail ? [422, { detail }] : undefined;
	}

	function notFound(what) {
		return [404, { detail: `${what} not found` }];
	}

	/** The 409 of a state rule, naming the document, its status and the rule. */
	function refuseState(shelf, doc, rule) {
		return [409, { detail: `${shelf.kind.name} ${doc[shelf.kind.number]} is ${doc.status}: ${rule}` }];
	}

	function enumQuery(query, name, options) {
		const value = query.get(name);
		if (value === null) return { value: undefined };
		if (!options.includes(value)) return { refused: invalidParam('query', name, value, options) };
		return { value };
	}

	/** A text filter; an empty value filters nothing. */
	function textQuery(query, name) {
		return query.get(name) || undefined;
	}

	// Parties
	route('POST', '/v1/parties/create', ({ body, bodyIsJson }) => {
		const refused = refuseBody('PartyCreate', body, bodyIsJson);
		if (refused) return refused;
		return [200, addParty(body)];
	});
	route('GET', '/v1/parties/list', ({ query }) => {
		const fullname = textQuery(query, 'fullname')?.toLowerCase();
		return [200, fullname === undefined ? parties : parties.filter((party) => party.fullname.toLowerCase().includes(fullname))];
	});
	route('GET', '/v1/parties/retrieve/:id', ({ params }) => {
		const party = byId(parties, params.id);
		return party ? [200, party] : notFound('Party');
	});

	// Counterparties
	function unknownParty(partyId) {
		return partyId !== undefined && partyId !== null && !byId(parties, partyId) ? notFound('Party') : undefined;
	}
	route('POST', '/v1/counterparties/create', ({ body, bodyIsJson }) => {
		const refused = refuseBody('CounterpartyCreate', body, bodyIsJson) ?? unknownParty(body.party_id);
		if (refused) return refused;
		return [200, addCounterparty(body)];
	});
	route('GET', '/v1/counterparties/list', ({ query }) => {
		const relationship = enumQuery(query, 'relationship_type', RELATIONSHIP_TYPES);
		if (relationship.refused) return relationship.refused;
		const fullname = textQuery(query, 'fullname')?.toLowerCase();
		if (fullname === undefined && relationship.value === undefined) return [200, counterparties];
		return [
			200,
			counterparties.filter(
				(counterparty) =>
					(relationship.value === undefined || counterparty.relationship_type === relationship.value) &&
					(fullname === undefined || (byId(parties, counterparty.party_id)?.fullname.toLowerCase().includes(fullname) ?? false)),
			),
		];
	});
	route('GET', '/v1/counterparties/retrieve/:id', ({ params }) => {
		const counterparty = byId(counterparties, params.id);
		return counterparty ? [200, withParty(counterparty)] : notFound('Counterparty');
	});
	route('PUT', '/v1/counterparties/update/:id', ({ params, body, bodyIsJson }) => {
		const refused = refuseBody('CounterpartyUpdate', body, bodyIsJson);
		if (refused) return refused;
		const counterparty = byId(counterparties, params.id);
		if (!counterparty) return notFound('Counterparty');
		const missingParty = unknownParty(body.party_id);
		if (missingParty) return missingParty;
		if (body.relationship_type != null) counterparty.relationship_type = body.relationship_type;
		if (body.party_id != null) counterparty.party_id = body.party_id;
		touch(counterparty);
		return [200, counterparty];
	});

	// Invoices and orders: one set of routes per kind.
	for (const shelf of Object.values(shelves)) {
		const { kind } = shelf;
		const base = `/v1/${kind.plural}`;
		const documentOf = (id) => byId(shelf.list, id);
		/** The document and, when it is not IDLE, the 409 that refuses an edit. */
		const editable = (id, rule) => {
			const doc = documentOf(id);
			if (!doc) return { refused: notFound(kind.name) };
			if (doc.status !== 'IDLE') return { refused: refuseState(shelf, doc, rule) };
			return { doc };
		};
		const itemOf = (doc, itemId) => itemsOf(shelf, doc).find((item) => item.id === itemId);
		const receipt = (doc) => {
			if (!doc) return notFound(kind.name);
			if (doc.status !== 'PAID') return refuseState(shelf, doc, `a receipt exists only once it is PAID`);
			return [200, receiptOf(shelf, doc)];
		};

		route('POST', `${base}/create`, ({ body, bodyIsJson }) => {
			const refused = refuseBody(kind.dueDate ? 'InvoiceCreate' : 'OrderCreate', body, bodyIsJson);
			if (refused) return refused;
			if (!byId(counterparties, body.counterparty_id)) return notFound('Counterparty');
			const { counterparty_id, currency, note, fee_bearer, as_payment_link, reference_id, due_date } = body;
			return [200, { ...addDocument(shelf, { counterparty_id, currency, note, fee_bearer, as_payment_link, reference_id, due_date: kind.dueDate ? due_date : undefined }) }];
		});
		route('POST', `${base}/:${kind.itemOwner}/items/add`, ({ params, body, bodyIsJson }) => {
			const invalid = refuseBody('ItemAdd', body, bodyIsJson);
			if (invalid) return invalid;
			const { doc, refused } = editable(params[kind.itemOwner], 'items can only be added while it is IDLE');
			if (refused) return refused;
			const at = isoNow();
			const item = addItem(shelf, doc, body, at);
			doc.total_amount = totalOf(itemsOf(shelf, doc));
			touch(doc, at);
			return [200, { ...item }];
		});
		route('PUT', `${base}/:${kind.itemOwner}/items/:id/update`, ({ params, body, bodyIsJson }) => {
			const invalid = refuseBody('ItemUpdate', body, bodyIsJson);
			if (invalid) return invalid;
			const { doc, refused } = editable(params[kind.itemOwner], 'items can only be changed while it is IDLE');
			if (refused) return refused;
			const item = itemOf(doc, params.id);
			if (!item) return notFound('Item');
			const at = isoNow();
			for (const field of ['name', 'qty', 'amount']) if (body[field] !== undefined) item[field] = body[field];
			item.updated_at = at;
			doc.total_amount = totalOf(itemsOf(shelf, doc));
			touch(doc, at);
			return [200, { ...item }];
		});
		route('DELETE', `${base}/:${kind.itemOwner}/items/:id/remove`, ({ params }) => {
			const { doc, refused } = editable(params[kind.itemOwner], 'items can only be removed while it is IDLE');
			if (refused) return refused;
			const items = itemsOf(shelf, doc);
			const index = items.findIndex((item) => item.id === params.id);
			if (index === -1) return notFound('Item');
			items.splice(index, 1);
			doc.total_amount = totalOf(items);
			touch(doc);
			return [200, {}];
		});
		route('PUT', `${base}/publish/:id`, ({ params }) => {
			const { doc, refused } = editable(params.id, 'only an IDLE document can be published');
			if (refused) return refused;
			doc.status = 'ACTIVE';
			touch(doc);
			return [200, { ...doc }];
		});
		route('PUT', `${base}/update/:id`, ({ params, body, bodyIsJson }) => {
			const invalid = refuseBody(kind.dueDate ? 'InvoiceUpdate' : 'OrderUpdate', body, bodyIsJson);
			if (invalid) return invalid;
			const { doc, refused } = editable(params.id, 'only an IDLE document can be updated');
			if (refused) return refused;
			for (const field of ['reference_id', 'note', 'fee_bearer', ...(kind.dueDate ? ['due_date'] : [])]) {
				if (body[field] !== undefined) doc[field] = body[field];
			}
			touch(doc);
			return [200, { ...doc }];
		});
		route('GET', `${base}/list`, ({ query }) => {
			const status = enumQuery(query, 'status', STATUSES);
			if (status.refused) return status.refused;
			const currency = textQuery(query, 'currency');
			if (status.value === undefined && currency === undefined) return [200, shelf.list];
			return [200, shelf.list.filter((doc) => (status.value === undefined || doc.status === status.value) && (currency === undefined || doc.currency === currency))];
		});
		route('GET', `${base}/retrieve/number/:number`, ({ params }) => {
			const doc = documentByNumber(shelf, params.number);
			return doc ? [200, detailOf(shelf, doc)] : notFound(kind.name);
		});
		route('GET', `${base}/retrieve/:id`, ({ params }) => {
			const doc = documentOf(params.id);
			return doc ? [200, detailOf(shelf, doc)] : notFound(kind.name);
		});
		route('GET', `${base}/receipt/number/:number`, ({ params }) => receipt(documentByNumber(shelf, params.number)));
		route('GET', `${base}/receipt/:id`, ({ params }) => receipt(documentOf(params.id)));
		route('DELETE', `${base}/cancel/:id`, ({ params }) => {
			const doc = documentOf(params.id);
			if (!doc) return notFound(kind.name);
			if (doc.status !== 'IDLE' && doc.status !== 'ACTIVE') return refuseState(shelf, doc, 'only IDLE or ACTIVE documents can be canceled');
			doc.status = 'CANCELED';
			touch(doc);
			return [200, { ...doc }];
		});
	}

	/**
	 * Answers a document route: [status, payload], or undefined when no route has
	 * this path (405 when the path exists under another method, as FastAPI does).
	 */
	function handle(method, url, body, bodyIsJson) {
		let pathMatched = false;
		for (const candidate of routes) {
			const match = candidate.regex.exec(url.pathname);
			if (!match) continue;
			if (candidate.method !== method) {
				pathMatched = true;
				continue;
			}
			const params = {};
			for (const [index, name] of candidate.names.entries()) {
				const value = decodeURIComponent(match[index + 1]);
				if (/id$/.test(name)) {
					if (!/^\d+$/.test(value)) return invalidParam('path', name, value, 'integer');
					params[name] = Number(value);
				} else params[name] = value;
			}
			return candidate.handler({ params, query: url.searchParams, body, bodyIsJson });
		}
		return pathMatched ? [405, { detail: 'Method Not Allowed' }] : undefined;
	}

	return {
		handle,
		createFromCheckout,
		findByNumber,
		statusOf,
		setStatus,
		/** Creates documents without HTTP (fast for 100 000); entries as in addDocument. */
		seedDocuments(sourceType, list) {
			const shelf = shelfOf(sourceType);
			const at = isoNow();
			return list.map((fields) => addDocument(shelf, fields, at));
		},
		documents: (sourceType) => shelfOf(sourceType).list.slice(),
		/** A document as GET retrieve answers it (with its items and counterparty). */
		documentDetail(sourceType, id) {
			const shelf = shelfOf(sourceType);
			const doc = byId(shelf.list, Number(id));
			return doc && detailOf(shelf, doc);
		},
		parties: () => parties.slice(),
		counterparties: () => counterparties.slice(),
		/** Creates parties/counterparties without HTTP: entries as the create bodies. */
		seedParties: (list) => list.map((fields) => addParty(fields)),
		seedCounterparties: (list) => list.map((fields) => addCounterparty(fields)),
	};
}

module.exports = { createDocuments, KINDS, STATUSES, RELATIONSHIP_TYPES };
