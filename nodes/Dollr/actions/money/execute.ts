import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { FINAL_EXECUTION_STATUSES, PASSCODE_DEVICE } from '../../helpers/money-values';
import { oneAtATime } from '../../helpers/one-at-a-time';
import { nodeParameter } from '../../helpers/parameters';
import { describeReference, readReference, type Reference } from '../../helpers/reference';
import { boolean, wholeNumberOption } from '../../helpers/validation';
import {
	credentialData,
	dollrApiRequest,
	dollrError,
	keepMessage,
	rejectedFieldsOf,
	requestOutcome,
	type TransportSettings,
} from '../../transport';
import { toNodeError } from '../errors';
import { accountFor } from './accounts';
import type { FlowInput, MoneyFlow } from './flows';

/**
 * The one mechanism behind Collection, Payout, Transfer and Refund › Create,
 * and the exactly-once rules, written once:
 *
 * 1. Everything is checked before the first request: the fields, the Reference
 *    ID, the credential's money-out guards.
 * 2. A Reference ID from the user is looked up first (`status/<type>/<ref>`):
 *    known to Dollr, nothing new is made and its execution is the output.
 * 3. The account (reused, or created once per run and wallet), a session, the
 *    execution with the reference.
 * 4. An execution whose answer is lost is never sent again with another
 *    reference: its status is asked with the same reference; a refusal about the
 *    session is retried once with a new session and the same reference.
 * 5. Optionally, the status is polled until it is final.
 */

const DEFAULT_WAIT_SECONDS = 120;
/** Status polls while waiting: from 0.5 s, doubling, at most 5 s apart. */
const POLL_BASE_MS = 500;
const POLL_CAP_MS = 5_000;
/** Status reads after a lost answer: as many as the transport's retries (Max Retries + 1), 0.5 s doubling. */
const LOST_ANSWER_BASE_MS = 500;

interface Used {
	session_id: number | string | null;
	accountKey?: string;
	accountId?: number | null;
}

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	const full = `${message} [item ${itemIndex}]`;
	return keepMessage(new NodeOperationError(context.getNode(), full, { description, itemIndex }), full);
}

/** Allow Money Out, the Money Out Limit and (payouts) the passcode: checked before any request. */
function guardMoneyOut(context: IExecuteFunctions, flow: MoneyFlow, input: FlowInput, credential: IDataObject, itemIndex: number) {
	if (!flow.moneyOut) return;
	const what = flow.create.action.toLowerCase();
	if (credential.allowMoneyOut !== true) {
		throw fail(
			context,
			itemIndex,
			`Money out is off in this Dollr credential, so the node did not ${what}`,
			'Payouts, transfers and refunds need Allow Money Out turned on in the Dollr credential (its owner decides). Nothing was sent to Dollr.',
		);
	}
	const limit = Number(credential.moneyOutLimit ?? 0);
	if (Number.isFinite(limit) && limit > 0 && input.amount !== undefined && input.amount > limit) {
		throw fail(
			context,
			itemIndex,
			`The amount ${input.amount} is above this Dollr credential's Money Out Limit of ${limit}, so the node did not ${what}`,
			"Lower the amount, or ask the credential's owner to raise the Money Out Limit (0 = no limit). Nothing was sent to Dollr.",
		);
	}
	if (!flow.passcode) return;
	const missing = [
		!nonEmpty(credential.passcode) && 'Payout Passcode',
		!nonEmpty(credential.passcodePhone) && !nonEmpty(credential.passcodeUserId) && 'Passcode Phone or Passcode User ID',
		!nonEmpty(credential.clientIp) && 'Client IP',
	].filter(Boolean);
	if (missing.length > 0) {
		throw fail(
			context,
			itemIndex,
			`Payouts need ${missing.join(', ')} in the Dollr credential, so the node did not send the payout`,
			'Dollr checks the merchant passcode (set in the Dollr merchant portal under Settings → Security) with the phone or user ID tied to it and the server\'s IP on every payout. Fill them in the credential. Nothing was sent to Dollr.',
		);
	}
}

function nonEmpty(value: unknown): boolean {
	return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** The payout's `passcode` object: the credential's secret and the device the node runs on. */
function passcodeOf(credential: IDataObject): IDataObject {
	const phone = nonEmpty(credential.passcodePhone) ? String(credential.passcodePhone).trim().replace(/^\+/, '') : undefined;
	const userId = nonEmpty(credential.passcodeUserId) ? String(credential.passcodeUserId).trim() : undefined;
	return {
		token: { code: String(credential.passcode), ...(phone ? { phone } : { user_id: userId }) },
		device: { ...PASSCODE_DEVICE, client_ip: String(credential.clientIp).trim() },
	};
}

interface WaitSettings {
	enabled: boolean;
	timeoutMs: number;
}

function readWait(context: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = (nodeParameter(context, 'options', itemIndex, {}) ?? {}) as IDataObject;
	const enabled = boolean('Wait for Result', options.waitForResult, false);
	const seconds = wholeNumberOption('Wait Timeout', options.waitTimeout, 1, 86_400) ?? DEFAULT_WAIT_SECONDS;
	return { enabled, timeoutMs: seconds * 1000 };
}

function statusPath(flow: MoneyFlow, reference: Reference): string {
	return `/v1/status/${flow.type}/${encodeURIComponent(reference.id)}`;
}

/** The execution Dollr has under the reference, or undefined when it answers 404. Other failures throw. */
async function findExecution(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	reference: Reference,
	transport: TransportSettings,
): Promise<IDataObject | undefined> {
	try {
		return await dollrApiRequest.call(this, itemIndex, { method: 'GET', path: statusPath(flow, reference), idempotent: true }, transport);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw toNodeError(this, error, itemIndex);
	}
}

function isFinal(execution: IDataObject): boolean {
	return (FINAL_EXECUTION_STATUSES as readonly string[]).includes(String(execution.status));
}

/** The item's Reference ID field, read with the flow's operation type and the credential's Client ID. */
function itemReference(
	context: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	credential: IDataObject,
	rule: { required: boolean; whyRequired: string },
): Reference {
	return readReference(nodeParameter(context, 'referenceId', itemIndex, ''), flow.operationType, String(credential.clientId ?? ''), rule);
}

/** Collection, Payout, Transfer or Refund › Create for one item. */
export async function createExecution(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	// 1. Checks: nothing is sent before all pass (reading the credential sends nothing).
	const credential = await credentialData(this, transport);
	let input: FlowInput;
	let reference: Reference;
	let wait: WaitSettings;
	try {
		input = flow.read.call(this, itemIndex);
		reference = itemReference(this, flow, itemIndex, credential, {
			required: flow.referenceRequired,
			whyRequired: `A ${flow.noun} moves money, so it needs a key that stays the same when the workflow runs again: map one from your data, e.g. {{ $json.row_id }} or an invoice number. With it a re-run finds the first ${flow.noun} instead of paying twice.`,
		});
		wait = readWait(this, itemIndex);
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	guardMoneyOut(this, flow, input, credential, itemIndex);

	// Items of this run with the same reference go one at a time: the second finds the
	// first's execution by its status instead of racing it to Dollr (whose answer to a
	// duplicate reference_id is not documented). A random reference is never shared.
	const made = reference.generated
		? await makeOrFind.call(this, flow, itemIndex, input, reference, credential, transport)
		: await oneAtATime(this, `money\n${flow.type}\n${reference.id}`, async () =>
				await makeOrFind.call(this, flow, itemIndex, input, reference, credential, transport),
			);
	return await settle.call(this, flow, itemIndex, reference, made.execution, made.used, made.notes, wait, transport);
}

/** Steps 2 and 3: the execution Dollr has under a user's reference, or a new one. */
async function makeOrFind(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	input: FlowInput,
	reference: Reference,
	credential: IDataObject,
	transport: TransportSettings,
): Promise<{ execution: IDataObject; used: Used; notes: string[] }> {
	// 2. A known reference: the execution as it stands, nothing new.
	if (!reference.generated) {
		const found = await findExecution.call(this, flow, itemIndex, reference, transport);
		if (found) {
			const failed = String(found.status) === 'FAILED' ? ` It FAILED: a deliberate new attempt needs a new Reference ID.` : '';
			const note = `Dollr already has this ${flow.noun} under ${describeReference(reference)}: no new ${flow.noun} was made, this is its status as it stands.${failed}`;
			return { execution: found, used: { session_id: null, accountKey: flow.accountKey, accountId: null }, notes: [note] };
		}
	}

	// 3. The account, a session, the execution.
	const accountId =
		input.account === undefined
			? undefined
			: 'id' in input.account
				? input.account.id
				: await accountFor.call(this, itemIndex, input.account, transport);
	let submitted: Awaited<ReturnType<typeof submit>>;
	try {
		submitted = await submit.call(this, flow, itemIndex, input, reference, accountId, credential, transport);
	} catch (error) {
		throw withoutPasscode(this, toNodeError(this, error, itemIndex), flow.passcode ? String(credential.passcode) : '', itemIndex);
	}
	const { execution, sessionId, notes } = submitted;
	return { execution, used: { session_id: sessionId, accountKey: flow.accountKey, accountId }, notes };
}

/** A session, then the execution; after a lost answer the status; after a refused session, once more. */
async function submit(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	input: FlowInput,
	reference: Reference,
	accountId: number | undefined,
	credential: IDataObject,
	transport: TransportSettings,
): Promise<{ execution: IDataObject; sessionId: number | string; notes: string[] }> {
	for (let attempt = 0; ; attempt++) {
		// A session moves no money and expires: safe to resend after a failure (idempotent for the transport).
		const session = await dollrApiRequest.call(
			this,
			itemIndex,
			{ method: 'POST', path: flow.sessionPath, body: input.session(accountId), idempotent: true },
			transport,
		);
		const sessionId = session.id as number | string;
		const body: IDataObject = {
			session_id: String(sessionId),
			...(flow.accountKey ? { [flow.accountKey]: String(accountId) } : {}),
			...input.execution,
			reference_id: reference.id,
			...(flow.passcode ? { passcode: passcodeOf(credential) } : {}),
		};
		try {
			const execution = await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: `/v1/executions/${flow.type}`, body, idempotent: false, creates: flow.noun },
				transport,
			);
			return { execution, sessionId, notes: [] };
		} catch (error) {
			const outcome = requestOutcome(error);
			if (outcome === 'unknown') {
				const execution = await afterLostAnswer.call(this, flow, itemIndex, reference, error as NodeApiError, transport);
				return { execution, sessionId, notes: [`Dollr's answer to the ${flow.noun} was lost (${reasonOf(error)}); the node found it by its Reference ID: this is its status as Dollr has it.`] };
			}
			const rejected = rejectedFieldsOf(error);
			if (rejected.includes('body.reference_id')) throw duplicateReference(this, flow, itemIndex, reference, error as NodeApiError);
			// Refused (nothing moved) because of the session, e.g. expired: once more with a new session, the same reference.
			if (outcome === 'refused' && attempt === 0 && rejected.includes('body.session_id')) continue;
			throw toNodeError(this, error, itemIndex);
		}
	}
}

/**
 * The error again, built afresh with the passcode masked, where Dollr's text
 * echoed it (a 422's `msg`, a `detail` string): the transport never shows a
 * 422's `input`, this covers a message that quotes the value itself.
 */
function withoutPasscode(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	passcode: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const text = `${error.message}\n${String(error.description ?? '')}`;
	if (passcode.trim() === '' || !text.includes(passcode)) return error;
	const mask = (value: unknown) => String(value ?? '').split(passcode).join('***');
	const masked = dollrError(context, {
		message: mask(error.message),
		description: mask(error.description),
		httpCode: (error as NodeApiError).httpCode ?? undefined,
		itemIndex,
	});
	masked.context.outcome = error.context?.outcome;
	return masked;
}

function reasonOf(error: unknown): string {
	return String((error as Error).message ?? '').replace(/\s*\[item \d+\]$/, '');
}

/**
 * The execution may have happened: ask its status with the same reference,
 * Max Retries + 1 times with backoff. Found, it is the output; never found, an
 * error that says a re-run with the same Reference ID checks and finishes safely.
 */
async function afterLostAnswer(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	reference: Reference,
	lost: NodeApiError,
	transport: TransportSettings,
): Promise<IDataObject> {
	for (let attempt = 0; attempt <= transport.maxRetries; attempt++) {
		if (attempt > 0) await sleep(LOST_ANSWER_BASE_MS * 2 ** (attempt - 1));
		try {
			const found = await findExecution.call(this, flow, itemIndex, reference, transport);
			if (found) return found;
		} catch {
			// The status is not known either; ask again.
		}
	}
	const rerun = reference.generated
		? `Put this Reference ID ('${reference.id}') in the Reference ID field and run the item again: the node then checks Dollr first and finishes safely, without a second ${flow.noun}.`
		: `Running this item again with the same Reference ID checks Dollr first and finishes safely, without a second ${flow.noun}.`;
	const message = `Dollr's answer to the ${flow.noun} with ${describeReference(reference)} was lost, and Dollr does not show it yet [item ${itemIndex}]`;
	const error = dollrError(this, {
		message,
		description: `${reasonOf(lost)}. The node did not send the ${flow.noun} again and asked its status ${transport.maxRetries + 1} time(s): Dollr does not know it (yet). ${rerun}`,
		httpCode: lost.httpCode ?? undefined,
		itemIndex,
	});
	error.context.outcome = 'unknown';
	return await Promise.reject(error);
}

function duplicateReference(context: IExecuteFunctions, flow: MoneyFlow, itemIndex: number, reference: Reference, error: NodeApiError): NodeApiError {
	return dollrError(context, {
		message: `Dollr refused the ${flow.noun}: its ${describeReference(reference)} is already used for another payment [item ${itemIndex}]`,
		description: `${reasonOf(error)}. Dollr keeps one payment per Reference ID; nothing new was made. Use ${flow.label} › Get Status with this Reference ID to see the first one; for a deliberately new ${flow.noun}, use a new Reference ID.`,
		httpCode: error.httpCode ?? '422',
		itemIndex,
	});
}

/** The output: waited for if asked (FAILED then fails the item), with what the node used and a note. */
async function settle(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	reference: Reference,
	execution: IDataObject,
	used: Used,
	notes: string[],
	wait: WaitSettings,
	transport: TransportSettings,
): Promise<IDataObject> {
	let current = execution;
	if (wait.enabled && !isFinal(current)) {
		const deadline = Date.now() + wait.timeoutMs;
		for (let poll = 0; !isFinal(current); poll++) {
			const delay = Math.min(POLL_BASE_MS * 2 ** poll, POLL_CAP_MS);
			if (Date.now() + delay > deadline) {
				notes.push(`Waited ${Math.round(wait.timeoutMs / 1000)} s and Dollr still says ${String(current.status)}: check again later with Get Status and Reference ID '${reference.id}'.`);
				break;
			}
			await sleep(delay);
			current = (await findExecution.call(this, flow, itemIndex, reference, transport)) ?? current;
		}
		if (isFinal(current)) notes.push(`Waited for the final status.`);
	}
	if (wait.enabled && String(current.status) === 'FAILED') {
		const said = current.gateway_message ?? current.wallet_message;
		throw fail(
			this,
			itemIndex,
			`The ${flow.noun} with Reference ID '${reference.id}' FAILED${said ? `: ${String(said)}` : ''}`,
			`${notes.join(' ')} Dollr moved no money for it. A deliberate new attempt needs a new Reference ID.`.trim(),
		);
	}
	return {
		...current,
		session_id: used.session_id,
		...(used.accountKey ? { [used.accountKey]: used.accountId ?? null } : {}),
		...(notes.length > 0 ? { note: notes.join(' ') } : {}),
	};
}

/** Collection, Payout, Transfer or Refund › Get Status: Dollr's execution under the reference. */
export async function executionStatus(
	this: IExecuteFunctions,
	flow: MoneyFlow,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const credential = await credentialData(this, transport);
	let reference: Reference;
	try {
		reference = itemReference(this, flow, itemIndex, credential, {
			required: true,
			whyRequired: `Enter the Reference ID the ${flow.noun} was made with, or its output's reference_id.`,
		});
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	const found = await findExecution.call(this, flow, itemIndex, reference, transport);
	if (found) return found;
	throw dollrError(this, {
		message: `Dollr has no ${flow.noun} with ${describeReference(reference)} [item ${itemIndex}]`,
		description: `Check the Reference ID: text gives the same key only with the same credential (Client ID) and for ${flow.noun}s; a reference_id from an output is used as it is. A ${flow.noun} whose answer was lost may not be recorded: run its Create again with the same Reference ID, which checks first and sends it at most once.`,
		httpCode: '404',
		itemIndex,
	});
}
