import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DOCUMENT_STATUSES, listQuery } from '../../helpers/document-body';
import type { TransportSettings } from '../../transport';
import { getMany, getManyProperties } from '../getMany';
import { apiOptions } from '../options';
import type { DollrOperation } from '../types';
import type { DocumentKind } from './kinds';

/** Get Many Invoices / Orders: Dollr's one-array list, filtered by status and currency. */
export function operation(kind: DocumentKind): DollrOperation {
	return {
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: `Get many ${kind.path}`,
			description: `List ${kind.path}, optionally by status and currency`,
		},
		properties: getManyProperties(kind.path, [
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD',
				description: `Only ${kind.path} in this currency (three-letter ISO 4217 code)`,
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: apiOptions(DOCUMENT_STATUSES),
				default: 'ACTIVE',
				description: `Only ${kind.path} in this status`,
			},
		]),
		async execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject[]> {
			const qs = listQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, ['status', 'currency']);
			return await getMany.call(this, itemIndex, `/v1/${kind.path}/list`, qs, transport);
		},
	};
}
