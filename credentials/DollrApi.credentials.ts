import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

export const DOLLR_PRODUCTION_URL = 'https://api.heydollr.app';
export const JWT_OBTAIN_PATH = '/v1/jwt/client/obtain/token';

/** Trailing slashes would make `${baseUrl}/v1/...` a double-slash path. */
export function normaliseBaseUrl(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/**
 * The name of the errors below: the node's transport knows by it that the token
 * exchange failed, so the request it was for was never sent (and may be retried).
 */
export const TOKEN_ERROR_NAME = 'DollrTokenError';

/**
 * A clean error for a failed token request. The request error itself is not
 * passed on: it holds the request body, and so the client secret. `httpStatus`
 * and `code` say what failed, for the node's retry decision (not `status`: n8n's
 * NodeApiError would replace the message with its generic text for that code).
 */
function tokenError(error: unknown, baseUrl: string): Error {
	const { response, code } = error as { response?: { status?: number; data?: { detail?: unknown } }; code?: string };
	const status = response?.status;
	const detail = typeof response?.data?.detail === 'string' ? `: ${response.data.detail}` : '';
	if (status === 400 || status === 401 || status === 403 || status === 422) {
		return Object.assign(new Error(`Dollr refused the Client ID or Client Secret (HTTP ${status}${detail})`), {
			name: TOKEN_ERROR_NAME,
			httpStatus: status,
			description:
				'Copy the Client ID and Client Secret again from the Dollr merchant portal (Settings → Developer → API Keys). A secret is shown only once: create a new key if it is lost.',
		});
	}
	const what = status ? `HTTP ${status}${detail}` : (code ?? 'no answer');
	// A connection-level `code` is kept so that the node can tell a refused connection (safe
	// to retry) from the rest; n8n 1.x passes only it (as httpCode) to the node.
	return Object.assign(new Error(`Could not get a Dollr access token (${what})`), {
		name: TOKEN_ERROR_NAME,
		httpStatus: status,
		code: status ? undefined : code,
		description: `Check the Base URL in the credential (${baseUrl}) and that Dollr is reachable from n8n.`,
	});
}

/** The token exchange itself: one POST of the Client ID and secret. */
async function requestToken(
	context: IHttpRequestHelper,
	baseUrl: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	let response: { access_token?: unknown };
	try {
		response = (await context.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}${JWT_OBTAIN_PATH}`,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			json: true,
		})) as { access_token?: unknown };
	} catch (error) {
		throw tokenError(error, baseUrl);
	}
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		throw Object.assign(new Error('Dollr answered the token request without an access token'), {
			name: TOKEN_ERROR_NAME,
			description: `Check that the Base URL (${baseUrl}) is the Dollr API root, not a web page or a proxy's page.`,
		});
	}
	return response.access_token;
}

/** What this process knows of one Dollr client's tokens (see `tokenRenewals`). */
export interface ClientTokens {
	/** The last token this process obtained for the client. */
	newest?: string;
	/**
	 * Fingerprints of tokens known to be older than `newest`: those it replaced and
	 * those refused while it was being obtained. Hashed: a replaced token may still
	 * be valid, and only `newest` needs to be kept as it is.
	 */
	replaced: Set<string>;
	/** The token request in flight, shared by every caller that arrives while it runs. */
	renewal?: { token: Promise<string>; replaces: Set<string> };
}

/** Enough for the tokens an execution can still hold after several quick renewals. */
const MAX_REPLACED = 32;

/**
 * Token renewals shared by everything in this n8n process that uses the same Dollr
 * client. Why: each execution holds the credential's data as read when it started, so
 * when the token expires every execution in flight meets a 401 and n8n calls
 * preAuthentication for each (one token per refused request, in the queue test). Here
 * concurrent callers share one token request, and a caller whose refused token is
 * one this process already replaced gets the newer token without a request. A
 * caller holding the newest token (it expired), none, or one this process does not
 * know (e.g. renewed by another worker, possibly newer than ours) asks Dollr. A failed
 * request is dropped, so the next caller asks again.
 * Keyed by a SHA-256 of Base URL, Client ID and secret: the secret itself is not kept.
 * Exported for the tests.
 */
export const tokenRenewals = new Map<string, ClientTokens>();

function fingerprint(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function renewalsFor(baseUrl: string, clientId: unknown, clientSecret: unknown): ClientTokens {
	const key = fingerprint(JSON.stringify([baseUrl, String(clientId ?? ''), String(clientSecret ?? '')]));
	let client = tokenRenewals.get(key);
	if (!client) tokenRenewals.set(key, (client = { replaced: new Set() }));
	return client;
}

function startRenewal(client: ClientTokens, token: Promise<string>): NonNullable<ClientTokens['renewal']> {
	const renewal = { token, replaces: new Set<string>() };
	token.then(
		(newest) => {
			if (client.newest) client.replaced.add(fingerprint(client.newest));
			for (const old of renewal.replaces) client.replaced.add(old);
			client.replaced.delete(fingerprint(newest));
			for (const old of client.replaced) {
				if (client.replaced.size <= MAX_REPLACED) break;
				client.replaced.delete(old);
			}
			client.newest = newest;
			client.renewal = undefined;
		},
		() => {
			client.renewal = undefined;
		},
	);
	return renewal;
}

/**
 * Dollr uses OAuth2 client credentials with a short-lived bearer (60 minutes).
 * n8n calls `preAuthentication` when the hidden expirable `accessToken` is empty
 * and again when the API answers 401, then retries the request once.
 */
export class DollrApi implements ICredentialType {
	name = 'dollrApi';

	displayName = 'Dollr API';

	icon: Icon = { light: 'file:dollr.svg', dark: 'file:dollr.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-dollr/n8n-nodes-dollr#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DOLLR_PRODUCTION_URL,
			required: true,
			placeholder: 'e.g. https://api.heydollr.app',
			description:
				'Root of the Dollr API. Keep the default for production; use the address Dollr gave you for staging, or your proxy.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the Dollr merchant portal: Settings → Developer → API Keys',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once by the Dollr merchant portal when the API key is created',
		},
		{
			displayName: 'Allow Money Out',
			name: 'allowMoneyOut',
			type: 'boolean',
			default: false,
			description:
				'Whether the Dollr node may send money out of your business with this credential: payouts, transfers and refunds. Off, those operations fail before any request; collecting payments, invoices and reads still work. Leave it off for a credential you give an AI agent that should collect but never pay out.',
		},
		{
			displayName: 'Money Out Limit',
			name: 'moneyOutLimit',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			displayOptions: { show: { allowMoneyOut: [true] } },
			description:
				'The largest amount one payout, transfer or refund may have, in its own currency (0 = no limit). A larger one fails before any request.',
		},
		// The payout passcode is a secret; the rule judges by the name only.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Payout Passcode',
			name: 'passcode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { allowMoneyOut: [true] } },
			description:
				"The merchant passcode Dollr asks for on every payout, set in the Dollr merchant portal under Settings → Security. Payouts need it; it is sent only in the payout's body and never shown.",
		},
		{
			displayName: 'Passcode Phone',
			name: 'passcodePhone',
			type: 'string',
			default: '',
			displayOptions: { show: { allowMoneyOut: [true] } },
			placeholder: 'e.g. 231770000001',
			description:
				'The phone number tied to the passcode in the merchant portal, international format without +. Give this or Passcode User ID, as your merchant account is set up.',
		},
		{
			displayName: 'Passcode User ID',
			name: 'passcodeUserId',
			type: 'string',
			default: '',
			displayOptions: { show: { allowMoneyOut: [true] } },
			description: 'The user ID tied to the passcode, for merchant accounts set up with a user ID instead of a phone',
		},
		{
			displayName: 'Client IP',
			name: 'clientIp',
			type: 'string',
			default: '',
			displayOptions: { show: { allowMoneyOut: [true] } },
			placeholder: 'e.g. 203.0.113.10',
			description:
				"The public IP address of this n8n server, which Dollr records with each payout's passcode check (device metadata). Payouts need it.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * A new token, or the one this n8n process obtained already: see `tokenRenewals`.
	 * n8n calls this with the token the caller holds: empty, or one Dollr just refused.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = normaliseBaseUrl(credentials.baseUrl);
		const client = renewalsFor(baseUrl, credentials.clientId, credentials.clientSecret);
		const held = typeof credentials.accessToken === 'string' && credentials.accessToken !== '' ? fingerprint(credentials.accessToken) : undefined;
		// Someone renewed since the caller read its token: the newer one, without a request.
		if (!client.renewal && client.newest && held && client.replaced.has(held)) return { accessToken: client.newest };
		client.renewal ??= startRenewal(client, requestToken(this, baseUrl, credentials));
		if (held) client.renewal.replaces.add(held);
		return { accessToken: await client.renewal.token };
	}

	/**
	 * Sends the token as `Authorization: Bearer …`, for the Dollr node and for n8n's
	 * HTTP Request node with this credential alike. A function rather than n8n's generic
	 * form (`'=Bearer {{$credentials.accessToken}}'`): n8n 2.x resolves that expression
	 * on every request in its isolated expression runtime, the largest single cost of a
	 * create in a profile (`npm run bench:n8n`); this is a string concatenation.
	 * n8n calls it again with the renewed token when it retries after a 401.
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
	});

	// The token endpoint is the only call that needs nothing but the ID and secret.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: JWT_OBTAIN_PATH,
			method: 'POST',
			body: {
				client_id: '={{$credentials.clientId}}',
				client_secret: '={{$credentials.clientSecret}}',
			},
		},
	};
}
