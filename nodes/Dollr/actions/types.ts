import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { TransportSettings } from '../transport';

/** One operation, in its own file: its menu entry, its fields and how it runs for one item. */
export interface DollrOperation {
	/** The entry in the Operation menu; `value` is the saved `operation` parameter. */
	option: INodePropertyOptions & { action: string };
	/** Its fields; the router shows them only for this resource and operation. */
	properties: INodeProperties[];
	/** One output item per input item, or (Get Many) one per element of the list. */
	execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject | IDataObject[]>;
}

export interface DollrResource {
	/** The entry in the Resource menu; `value` is the saved `resource` parameter. */
	option: INodePropertyOptions;
	operations: DollrOperation[];
}
