import type { INodePropertyOptions } from 'n8n-workflow';

function titleCase(value: string): string {
	return value
		.split('_')
		.map((word) => word.charAt(0) + word.slice(1).toLowerCase())
		.join(' ');
}

/** Menu entries for API strings: `SERVICE_PROVIDER` shows as "Service Provider", saves as sent. */
export function apiOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: titleCase(value), value }));
}
