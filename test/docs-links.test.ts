/**
 * Every relative link in README.md and docs/*.md leads somewhere: the file exists and, for
 * `page.md#heading`, the page has that heading (anchors as GitHub makes them). Web links are
 * not fetched. Written by hand: remark-validate-links does this but is ESM-only and needs
 * remark's CLI (about a hundred packages); markdown-link-check does not check anchors in
 * other files.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	for (const [, text] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const plain = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
		const slug = plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		result.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return result;
}

/** The broken relative links of one Markdown file, as `file: target (why)`. */
export function brokenLinks(file: string, markdown = fs.readFileSync(file, 'utf8')): string[] {
	const broken: string[] = [];
	for (const [, target] of prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
		const [linkPath, anchor] = target.split('#');
		const resolved = linkPath ? path.resolve(path.dirname(file), decodeURIComponent(linkPath)) : file;
		const where = `${path.relative(ROOT, file)}: ${target}`;
		if (!fs.existsSync(resolved)) broken.push(`${where} (no such file)`);
		else if (anchor && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
			broken.push(`${where} (no heading with that anchor)`);
		}
	}
	return broken;
}

const pages = [
	path.join(ROOT, 'README.md'),
	...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f)),
];

describe('links in README.md and docs/', () => {
	it.each(pages.map((p) => [path.relative(ROOT, p), p]))('%s: every relative link leads to a file and heading', (_name, page) => {
		expect(brokenLinks(page)).toEqual([]);
	});

	it('finds a missing file, a missing heading, and passes good links', () => {
		const readme = path.join(ROOT, 'README.md');
		const text = [
			'[ok](docs/operations.md#the-credential) [self](#credentials) [web](https://example.com/none)',
			'[gone](docs/nothing.md) [bad anchor](docs/operations.md#no-such-heading) `[code](docs/nothing.md)`',
		].join('\n');
		expect(brokenLinks(readme, text)).toEqual([
			'README.md: docs/nothing.md (no such file)',
			'README.md: docs/operations.md#no-such-heading (no heading with that anchor)',
		]);
	});

	it('makes anchors as GitHub does', () => {
		const made = anchors('# Queue mode: `npm run test:queue`\n## Where Dollr\'s docs are silent\n## Notes\n## Notes\n```\n# not a heading\n```');
		expect([...made]).toEqual(['queue-mode-npm-run-testqueue', 'where-dollrs-docs-are-silent', 'notes', 'notes-1']);
	});
});
