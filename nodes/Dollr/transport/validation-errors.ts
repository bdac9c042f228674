import { BODY_FIELD_LABELS } from '../helpers/checkout-body';
import { QUERY_FIELD_LABELS } from '../helpers/pricing-query';

interface ValidationDetail {
	loc?: unknown[];
	msg?: unknown;
}

/**
 * Turns FastAPI's 422 `detail[]` into the user's field names:
 * `["body", "items", 1, "amount"]` → `Items › 2 › Amount`, `["query", "base_currency"]` → `Base Currency`.
 */
export function fieldLabel(loc: unknown[]): string {
	if (loc[0] === 'query' && loc.length === 2) return QUERY_FIELD_LABELS[String(loc[1])] ?? String(loc[1]);
	const path = loc[0] === 'body' ? loc.slice(1) : loc;
	if (path.length === 0) return 'Request';
	return path
		.map((part) => (typeof part === 'number' ? String(part + 1) : (BODY_FIELD_LABELS[String(part)] ?? String(part))))
		.join(' › ');
}

export function describeValidationErrors(data: unknown): { summary: string; lines: string[] } {
	const detail = (data as { detail?: unknown })?.detail;
	if (!Array.isArray(detail) || detail.length === 0) {
		const text = typeof detail === 'string' ? detail : 'the request did not pass validation';
		return { summary: text, lines: [text] };
	}
	const lines = (detail as ValidationDetail[]).map(
		(entry) => `${fieldLabel(Array.isArray(entry?.loc) ? entry.loc : [])}: ${String(entry?.msg ?? 'is invalid')}`,
	);
	const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
	return { summary: `${lines[0]}${more}`, lines };
}
