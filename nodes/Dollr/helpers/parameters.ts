import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Per node run: the saved parameters, and the values read once of those that hold no expression. */
interface RunParameters {
	saved: IDataObject;
	fixed: Map<string, unknown>;
}

const runs = new WeakMap<IExecuteFunctions, RunParameters>();

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** The saved value at a dotted path such as `items.item`, as n8n's getNodeParameter reads it. */
function savedValue(saved: IDataObject, name: string): unknown {
	let value: unknown = saved;
	for (const key of name.split('.')) value = (value as IDataObject | undefined)?.[key];
	return value;
}

/**
 * `this.getNodeParameter(name, itemIndex, fallback)`, read once per node run when
 * the saved value holds no expression: such a value is the same for every item,
 * but n8n resolves, cleans up and validates it again on every call (a create reads
 * 7 parameters: about 1 ms per item in a profile of n8n 2.41, `npm run bench:n8n`). A value with an
 * expression is read for each item, as before. Callers must not change what it
 * returns: items share it.
 */
export function nodeParameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	let run = runs.get(context);
	if (run === undefined) {
		run = { saved: context.getNode().parameters, fixed: new Map() };
		runs.set(context, run);
	}
	const saved = savedValue(run.saved, name);
	if (saved === undefined || holdsExpression(saved)) return context.getNodeParameter(name, itemIndex, fallback);
	if (!run.fixed.has(name)) run.fixed.set(name, context.getNodeParameter(name, itemIndex, fallback));
	return run.fixed.get(name);
}
