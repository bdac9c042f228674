/**
 * The fixed values of Dollr's money API (the contract: shared/spec/dollr-money-api.md, "Enums"),
 * written once for the money operations, the pricing operations and validation.
 * Response fields of these kinds are plain strings in Dollr's schemas: a value
 * Dollr sends that is not listed here is passed through, never refused.
 */

/** `operation_type` [OAS]. */
export const OPERATION_TYPES = ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** Mobile-money methods, the first `anyOf` branch of `payment_method` [OAS]. */
export const MOMO_METHODS = ['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA'] as const;
export type MomoMethod = (typeof MOMO_METHODS)[number];

/** Every payment method: mobile money, plus card and Dollr wallet [PROSE]. */
export const PAYMENT_METHODS = [...MOMO_METHODS, 'CREDIT_CARD', 'WALLET'] as const;

/** The country (ISO 3166-1 alpha-2) of each mobile-money method [PROSE: payments by market]. */
export const METHOD_COUNTRY: Record<MomoMethod, string> = {
	MTN_MOMO_LBR: 'LR',
	ORANGE_MONEY_LBR: 'LR',
	AIRTEL_RWA: 'RW',
	MTN_MOMO_RWA: 'RW',
	ORANGE_MONEY_RWA: 'RW',
};

/** `provider` as the OpenAPI enum has it (prediction parameters) [REF]; sources disagree for MoMo (see the spec §1). */
export const PROVIDERS = ['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'PAWAPAY', 'STRIPE', 'PLATFORM'] as const;

/** `owner_type` [OAS]. */
export const OWNER_TYPES = ['USER', 'MICRO_ORGANIZATION', 'ORGANIZATION'] as const;

/** `merchant_type` [REF]. */
export const MERCHANT_TYPES = ['MICRO_ORGANIZATION', 'ORGANIZATION'] as const;

/** `ExecutionResponse.status` as documented [PROSE]; Dollr may send others. */
export const EXECUTION_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
/** The statuses after which an execution no longer changes. */
export const FINAL_EXECUTION_STATUSES = ['COMPLETED', 'FAILED'] as const;

/** The Method field's value that asks Dollr's operator look-up (`predictions/mmo-provider-info`) for method and provider. */
export const AUTO_METHOD = 'auto';

/**
 * The `provider` the node sends with an explicit method when the user gives none.
 * Sources disagree for mobile money (the spec §1: the method's own name in the
 * examples, the routing network PAWAPAY in the reference prose and the glossary);
 * the node follows the prose and the operator look-up, whose `gateway_provider`
 * is what the quickstart sends: PAWAPAY for every MoMo method.
 */
export const DEFAULT_PROVIDER: Record<string, string> = {
	...Object.fromEntries(MOMO_METHODS.map((method) => [method, 'PAWAPAY'])),
	CREDIT_CARD: 'STRIPE',
	WALLET: 'PLATFORM',
};

/** This package's version, for the payout passcode's device user agent; test/money.test.ts keeps it equal to package.json's. */
export const PACKAGE_VERSION = '0.3.0';

/** The passcode object's device fields the node sets itself (Dollr's examples: SERVER / NODE); client_ip is the credential's. */
export const PASSCODE_DEVICE = {
	name: 'n8n',
	type: 'SERVER',
	platform: 'NODE',
	user_agent: `n8n-nodes-dollr/${PACKAGE_VERSION}`,
} as const;
