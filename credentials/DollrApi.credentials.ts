import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export const DOLLR_PRODUCTION_URL = 'https://api.heydollr.app';
export const TOKEN_PATH = '/v1/jwt/client/obtain/token';

/** Trailing slashes would make `${baseUrl}/v1/...` a double-slash path. */
export function normaliseBaseUrl(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
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
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${normaliseBaseUrl(credentials.baseUrl)}${TOKEN_PATH}`,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			json: true,
		})) as { access_token?: unknown };
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new Error('The Dollr token endpoint answered without an access_token');
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// The token endpoint is the only call that needs nothing but the ID and secret.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: TOKEN_PATH,
			method: 'POST',
			body: {
				client_id: '={{$credentials.clientId}}',
				client_secret: '={{$credentials.clientSecret}}',
			},
		},
	};
}
