import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, type NodeOperationError, sleep } from 'n8n-workflow';

import { normaliseBaseUrl, TOKEN_ERROR_NAME } from '../../../credentials/DollrApi.credentials';
import { describeValidationErrors } from './validation-errors';

/** The n8n contexts that call Dollr: a node run, a trigger's poll, an editor list search. */
export type DollrContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/**
 * Which input item a request is for: messages end with `[item N]`. A trigger's poll
 * or an editor list search has no item (`undefined`).
 */
export type ItemIndex = number | undefined;

export interface DollrRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's Base URL, e.g. `/v1/checkouts/create`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether the call may be repeated without side effects (the GETs). Only
	 * such calls are retried after a 5xx, a timeout or a reset: a create that may
	 * have reached Dollr is never sent twice, as Dollr has no idempotency key.
	 */
	idempotent: boolean;
	/**
	 * What a non-idempotent call creates ('checkout', 'invoice', 'line item',
	 * 'party'…), named in the "may have been created" message; 'checkout' if unset.
	 */
	creates?: string;
	/** How to check whether it was created, where a Reference ID does not tell (e.g. a line item). */
	lookup?: string;
}

/**
 * Shared by every request of one node run, so that a 429 seen by one item
 * holds back all items in flight, not only the one that got it.
 */
export class RateLimitGate {
	private resumeAt = 0;

	async wait(): Promise<void> {
		for (let delay = this.resumeAt - Date.now(); delay > 0; delay = this.resumeAt - Date.now()) {
			await sleep(delay);
		}
	}

	pause(milliseconds: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + milliseconds);
	}
}

export interface TransportSettings {
	/** Retries after a refusal (429, connection refused) or, for idempotent calls, a failure. */
	maxRetries: number;
	/** Milliseconds to wait for an answer. */
	timeout: number;
	gate: RateLimitGate;
	/**
	 * The credential, read on the first request of the run and shared by all items
	 * (n8n's helper itself reads it without an item, so for item 0): its Base URL, and
	 * its decrypted data, handed to n8n's helper. Without that the helper loads and
	 * decrypts the credential again on every request (about 1 ms each in a profile of
	 * n8n 2.41). n8n writes a token it obtains or renews into this same data, so the
	 * requests after a renewal send the new token.
	 */
	credential?: Promise<{ baseUrl: string; decrypted: ICredentialsDecrypted }>;
}

/** The credential's data (read once per run, shared with the requests); reading it sends nothing. */
export async function credentialData(context: DollrContext, settings: TransportSettings): Promise<IDataObject> {
	settings.credential ??= readCredential(context);
	return (await settings.credential).decrypted.data as IDataObject;
}

async function readCredential(context: DollrContext): Promise<{ baseUrl: string; decrypted: ICredentialsDecrypted }> {
	const data = await context.getCredentials('dollrApi');
	const { id, name } = context.getNode().credentials?.dollrApi ?? { id: null, name: '' };
	return { baseUrl: normaliseBaseUrl(data.baseUrl), decrypted: { id: id ?? '', name, type: 'dollrApi', data } };
}

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/**
 * What went wrong with one attempt, reduced to what decides a retry and a message.
 * `atToken`: it was the credential's token exchange (n8n's preAuthentication, first
 * or on renewal) that failed, so the request itself was not processed; it holds
 * the credential's clean message.
 */
type Failure = { atToken?: { message: string; description?: string } } & (
	| { kind: 'http'; status: number; data: unknown; retryAfterMs?: number }
	| { kind: 'refused' | 'unresolved' | 'timeout' | 'reset' }
	| { kind: 'other'; message: string; description?: string }
	| { kind: 'notList' }
);

/**
 * Reads what failed from the NodeApiError that httpRequestWithAuthentication
 * throws. n8n 2.x keeps the request error on it as `cause` (with the response
 * headers, so Retry-After); n8n 1.x drops `cause` and keeps only `httpCode` (the
 * status, or an error code such as ECONNREFUSED) and `context.data` (a JSON
 * body): both are read, so the node behaves the same on either line, but for
 * Retry-After, which only 2.x passes on (1.x backs off exponentially instead).
 */
export function classify(error: unknown): Failure {
	const wrapped = (error ?? {}) as {
		cause?: unknown;
		httpCode?: string | null;
		context?: { data?: unknown };
		message?: string;
		description?: string;
	};
	const cause = (wrapped.cause ?? {}) as {
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
		code?: string;
		message?: string;
		description?: string;
		name?: string;
		httpStatus?: number;
	};
	const atToken =
		cause.name === TOKEN_ERROR_NAME ? { message: String(cause.message), description: cause.description } : undefined;
	const httpCode = typeof wrapped.httpCode === 'string' ? wrapped.httpCode : undefined;
	const status =
		cause.response?.status ??
		(atToken ? cause.httpStatus : undefined) ??
		(httpCode && /^\d{3}$/.test(httpCode) ? Number(httpCode) : undefined);
	if (typeof status === 'number') {
		const retryAfter = Number(cause.response?.headers?.['retry-after']);
		return {
			atToken,
			kind: 'http',
			status,
			data: cause.response?.data ?? wrapped.context?.data,
			retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
		};
	}
	switch (cause.code ?? httpCode) {
		case 'ECONNREFUSED':
			return { atToken, kind: 'refused' };
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return { atToken, kind: 'unresolved' };
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
		case 'ERR_CANCELED':
			return { atToken, kind: 'timeout' };
		case 'ECONNRESET':
		case 'EPIPE':
		case 'ERR_BAD_RESPONSE':
			return { atToken, kind: 'reset' };
	}
	return {
		atToken,
		kind: 'other',
		message: cause.message || wrapped.message || 'The request to Dollr failed',
		description: cause.description ?? wrapped.description,
	};
}

/** Whether a request that failed this way can be sent again without risk of a second checkout. */
function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.kind === 'refused') return true; // nothing reached the server
	if (failure.kind === 'http' && failure.status === 429) return true; // refused, not processed
	// The token exchange is safe to repeat, and the request waiting for it was not processed.
	if (!idempotent && !failure.atToken) return false;
	return failure.kind === 'timeout' || failure.kind === 'reset' || (failure.kind === 'http' && failure.status >= 500);
}

/**
 * Whether the request may have been processed although no answer came (a timeout,
 * a dropped connection, a 5xx): what a retry's answer must be read with.
 */
function answerMayBeLost(failure: Failure): boolean {
	if (failure.atToken) return false;
	return failure.kind === 'timeout' || failure.kind === 'reset' || (failure.kind === 'http' && failure.status >= 500);
}

/** Errors answering a retry that followed a lost answer (see `retriedAfterLostAnswer`). */
const afterLostAnswer = new WeakSet<object>();

/**
 * Whether this error is Dollr's answer to a retry of a request whose earlier
 * attempt may have been processed: its answer was lost (a timeout, a dropped
 * connection, a 5xx). A "not found" then may mean the first attempt did it, e.g.
 * removed the line item.
 */
export function retriedAfterLostAnswer(error: unknown): boolean {
	return typeof error === 'object' && error !== null && afterLostAnswer.has(error);
}

function backoff(failure: Failure, attempt: number): number {
	const exponential = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
	const retryAfter = failure.kind === 'http' ? failure.retryAfterMs : undefined;
	return retryAfter === undefined ? exponential : Math.min(retryAfter, BACKOFF_CAP_MS);
}

/**
 * The one way the nodes talk to Dollr: n8n's authenticated request helper
 * (proxies, the token exchange and its renewal on 401 are n8n's), safe retries,
 * and errors a user can act on. Resolves Dollr's JSON object answer.
 */
export async function dollrApiRequest(
	this: DollrContext,
	itemIndex: ItemIndex,
	request: DollrRequest,
	settings: TransportSettings,
): Promise<IDataObject> {
	const answer = await send.call(this, itemIndex, request, settings);
	if (answer.body === null || typeof answer.body !== 'object' || Array.isArray(answer.body)) {
		throw apiError(this, itemIndex, request, { kind: 'other', message: '' }, answer.retries, answer.baseUrl, answer.body);
	}
	return answer.body as IDataObject;
}

/** The same for Dollr's list endpoints, which answer one JSON array (no pagination is documented). */
export async function dollrApiRequestList(
	this: DollrContext,
	itemIndex: ItemIndex,
	request: DollrRequest,
	settings: TransportSettings,
): Promise<IDataObject[]> {
	const answer = await send.call(this, itemIndex, request, settings);
	if (!Array.isArray(answer.body)) {
		throw apiError(this, itemIndex, request, { kind: 'notList' }, answer.retries, answer.baseUrl);
	}
	return answer.body as IDataObject[];
}

async function send(
	this: DollrContext,
	itemIndex: ItemIndex,
	request: DollrRequest,
	settings: TransportSettings,
): Promise<{ body: unknown; retries: number; baseUrl: string }> {
	settings.credential ??= readCredential(this);
	const { baseUrl, decrypted } = await settings.credential;
	let lostAnswer = false;
	for (let attempt = 0; ; attempt++) {
		await settings.gate.wait();
		try {
			const body: unknown = await this.helpers.httpRequestWithAuthentication.call(this, 'dollrApi', {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: request.qs,
				body: request.body,
				json: true,
				timeout: settings.timeout,
			}, { credentialsDecrypted: decrypted });
			return { body, retries: attempt, baseUrl };
		} catch (error) {
			const failure = classify(error);
			if (attempt < settings.maxRetries && isRetryable(failure, request.idempotent)) {
				const delay = backoff(failure, attempt);
				if (failure.kind === 'http' && failure.status === 429) settings.gate.pause(delay);
				else await sleep(delay);
				lostAnswer ||= answerMayBeLost(failure);
				continue;
			}
			const nodeError = apiError(this, itemIndex, request, failure, attempt, baseUrl);
			if (lostAnswer) afterLostAnswer.add(nodeError);
			throw nodeError;
		}
	}
}

function detailText(data: unknown): string | undefined {
	const detail = (data as { detail?: unknown })?.detail;
	return typeof detail === 'string' ? detail : undefined;
}

/** The note every failure of a create that may have reached Dollr carries. */
function mayExistHint(request: DollrRequest): string {
	const reference = request.body?.reference_id;
	const lookup = request.lookup ?? (reference
		? `Look for Reference ID '${String(reference)}' in the Dollr merchant portal`
		: 'Look for it in the Dollr merchant portal (set a Reference ID to make this easy)');
	return `The node does not resend a create that may have reached Dollr, to avoid a second ${created(request)}. ${lookup} before running this item again.`;
}

function created(request: DollrRequest): string {
	return request.creates ?? 'checkout';
}

function apiError(
	context: DollrContext,
	itemIndex: ItemIndex,
	request: DollrRequest,
	failure: Failure,
	retries: number,
	baseUrl: string,
	nonJsonBody?: unknown,
): NodeApiError {
	const sideEffects = !request.idempotent;
	const at = itemSuffix(itemIndex);
	let message: string;
	let description: string;
	let httpCode: string | undefined;

	if (nonJsonBody !== undefined) {
		message = `Dollr answered with something other than JSON ${at}`;
		description = `A proxy or gateway in front of ${baseUrl} may have answered instead of Dollr; check the Base URL in the credential.`;
		if (sideEffects) {
			message = `Dollr answered with something other than JSON; the ${created(request)} may have been created ${at}`;
			description += ` ${mayExistHint(request)}`;
		}
	} else if (failure.atToken && failure.kind !== 'refused' && failure.kind !== 'unresolved') {
		// The credential's message says what failed; nothing reached the endpoint this item was for.
		message = `${failure.atToken.message} ${at}`;
		const tried = retries > 0 ? ` Tried ${retries + 1} times.` : '';
		const notSent = `Nothing was sent for this item${sideEffects ? `, so no ${created(request)} was created` : ''}.`;
		description = `${failure.atToken.description ?? 'Check the Dollr credential.'}${tried} ${notSent}`;
		httpCode = failure.kind === 'http' ? String(failure.status) : undefined;
	} else if (failure.kind === 'http') {
		httpCode = String(failure.status);
		const detail = detailText(failure.data);
		const said = detail ? `: ${detail}` : '';
		if (failure.status === 422) {
			const { summary, lines } = describeValidationErrors(failure.data);
			message = `Dollr rejected the request: ${summary} ${at}`;
			description = `${lines.join('\n')}\nCorrect the field(s) above and run the node again.`;
		} else if (failure.status === 401) {
			message = `Dollr refused the credentials${said} ${at}`;
			description =
				'n8n renewed the access token and Dollr still refused it. Check the Client ID, Client Secret and Base URL in the Dollr credential.';
		} else if (failure.status === 403) {
			message = `Dollr refused this request for your merchant account${said} ${at}`;
			description =
				'The credentials are valid, but the merchant account is not verified yet or this feature is not enabled during onboarding. Finish verification in the Dollr merchant portal or ask Dollr support.';
		} else if (failure.status === 404) {
			message = `Dollr could not find what was asked for${said} ${at}`;
			description = `Check the IDs or numbers in this item and the Base URL in the credential (the API root, e.g. https://api.heydollr.app; it is ${baseUrl}).`;
		} else if (failure.status === 429) {
			message = `Dollr is rate limiting these requests and still refused after ${retries} retries ${at}`;
			description =
				'Lower Concurrency, raise Max Retries in the options, or spread the items out with a Wait or Loop Over Items node.';
		} else if (failure.status >= 500) {
			message = sideEffects
				? `Dollr failed with HTTP ${failure.status}; the ${created(request)} may have been created ${at}`
				: `Dollr failed with HTTP ${failure.status} after ${retries} retries ${at}`;
			description = sideEffects ? mayExistHint(request) : 'Dollr or a gateway in front of it is failing. Try again later.';
		} else {
			message = `Dollr answered HTTP ${failure.status}${said} ${at}`;
			description = 'Check this item\'s fields against the Dollr documentation.';
		}
	} else if (failure.kind === 'refused') {
		message = `Could not connect to Dollr at ${baseUrl}: the connection was refused ${at}`;
		description = `Tried ${retries + 1} times. Check the Base URL in the Dollr credential and that the server is reachable from n8n.`;
	} else if (failure.kind === 'unresolved') {
		message = `Could not find Dollr's host '${hostOf(baseUrl)}': the name does not resolve ${at}`;
		description = `Check the Base URL in the Dollr credential for a typo (it is ${baseUrl}; Dollr's API root is https://api.heydollr.app) and that n8n can resolve host names. Nothing was sent for this item${sideEffects ? `, so no ${created(request)} was created` : ''}.`;
	} else if (failure.kind === 'timeout' || failure.kind === 'reset') {
		const what = failure.kind === 'timeout' ? 'did not answer in time' : 'dropped the connection';
		message = sideEffects
			? `Dollr ${what}; the ${created(request)} may have been created ${at}`
			: `Dollr ${what} after ${retries} retries ${at}`;
		description = sideEffects
			? mayExistHint(request)
			: 'Try again later, or raise the Timeout in the options if Dollr is slow.';
	} else if (failure.kind === 'notList') {
		message = `Dollr answered ${request.method} ${request.path} with something other than a list ${at}`;
		description = `Dollr documents a JSON array here. A proxy or gateway in front of ${baseUrl} may have answered instead; check the Base URL in the credential.`;
	} else if (failure.kind === 'other') {
		message = `${failure.message} ${at}`;
		description = failure.description ?? 'Check the Base URL and the credential, then try again.';
	} else {
		message = `The request to Dollr failed ${at}`;
		description = 'Check the Base URL and the credential, then try again.';
	}
	const error = dollrError(context, { message: message.trimEnd(), description, httpCode, itemIndex });
	error.context.outcome = nonJsonBody !== undefined ? 'unknown' : outcomeOf(failure);
	if (failure.kind === 'http' && failure.status === 422) error.context.rejectedFields = rejectedFields(failure.data);
	return error;
}

/**
 * What a failed request did at Dollr, for callers that must know whether money
 * may have moved (the money executions): `notSent` (nothing reached the
 * endpoint), `refused` (Dollr answered 4xx: nothing was done), `unknown` (a
 * timeout, reset, 5xx or an answer that is not JSON: it may have been done).
 */
export type RequestOutcome = 'notSent' | 'refused' | 'unknown';

function outcomeOf(failure: Failure): RequestOutcome {
	if (failure.kind === 'refused' || failure.kind === 'unresolved' || failure.atToken) return 'notSent';
	if (failure.kind === 'http' && failure.status >= 400 && failure.status < 500) return 'refused';
	return 'unknown';
}

/** `body.reference_id` for each 422 entry's `loc` (never its `input`, which may echo a secret). */
function rejectedFields(data: unknown): string[] {
	const detail = (data as { detail?: unknown })?.detail;
	if (!Array.isArray(detail)) return [];
	return detail.map((entry) => (Array.isArray(entry?.loc) ? entry.loc.map(String).join('.') : ''));
}

/** The outcome the transport recorded on an error it threw (undefined for any other error). */
export function requestOutcome(error: unknown): RequestOutcome | undefined {
	return error instanceof NodeApiError ? (error.context?.outcome as RequestOutcome | undefined) : undefined;
}

/** The fields a 422 named, as `body.reference_id`; empty for anything else. */
export function rejectedFieldsOf(error: unknown): string[] {
	return error instanceof NodeApiError ? ((error.context?.rejectedFields as string[] | undefined) ?? []) : [];
}

/** `[item 3]` at the end of a message, so a user finds the item; nothing where there is no item. */
export function itemSuffix(itemIndex: ItemIndex): string {
	return itemIndex === undefined ? '' : `[item ${itemIndex}]`;
}

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return baseUrl;
	}
}

/**
 * n8n's error classes swap a message that contains a system error code (ENOTFOUND,
 * ETIMEDOUT, EPERM…, even inside a user's value) for generic text, which drops the
 * item index and what to check. The node's messages are written for the user: keep them.
 */
export function keepMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
}

/**
 * The NodeApiError an item fails with, built from a fresh object: the helper's
 * error holds the request, with the bearer in its headers.
 */
export function dollrError(
	context: DollrContext,
	{ message, description, httpCode, itemIndex }: { message: string; description: string; httpCode?: string; itemIndex: ItemIndex },
): NodeApiError {
	const safe: JsonObject = { message, description, ...(httpCode ? { httpCode } : {}) };
	return keepMessage(new NodeApiError(context.getNode(), safe, { message, description, httpCode, itemIndex }), message);
}
