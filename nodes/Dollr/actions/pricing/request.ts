import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeParameter } from '../../helpers/parameters';
import { buildQuery, type QueryField } from '../../helpers/pricing-query';
import { dollrApiRequest, dollrApiRequestList, type TransportSettings } from '../../transport';

type Execute = (this: IExecuteFunctions, itemIndex: number, transport: TransportSettings) => Promise<IDataObject | IDataObject[]>;

/**
 * The whole of a read-only operation: its fields checked into a query (a broken
 * rule fails the item before any request), one GET, Dollr's answer unchanged.
 * GETs are retried after a 5xx, a timeout or a reset (the transport's rule).
 * `check` adds a rule across fields. `list`: Dollr answers a JSON array, one
 * output item per element.
 */
export function readOnlyGet(
	path: string,
	fields: readonly QueryField[],
	{ check, list = false }: { check?: (qs: IDataObject) => void; list?: boolean } = {},
): Execute {
	return async function execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings) {
		const qs = buildQuery(fields, (field) => nodeParameter(this, field, itemIndex, ''));
		check?.(qs);
		const request = { method: 'GET' as const, path, qs, idempotent: true };
		return list
			? await dollrApiRequestList.call(this, itemIndex, request, transport)
			: await dollrApiRequest.call(this, itemIndex, request, transport);
	};
}
