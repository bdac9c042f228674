#!/usr/bin/env node
'use strict';
/**
 * n8n's community-package scan (@n8n/scan-community-package, the check n8n runs
 * before it lists a package as verified), on this repository instead of a
 * published version:
 *
 *   1. the source: the scanner's rule set over package.json, nodes/ and credentials/;
 *   2. the package as published: `npm run build`, `npm pack` into a temp folder,
 *      unpacked, and the same rules (with `no-console`) over its compiled .js and
 *      its package.json.
 *
 * Both legs call the scanner's own `analyzePackage` with the file patterns its
 * `analyzePackageByName` uses. Left out: the provenance check and the download,
 * which need a version on npm. Exit 1 on any finding (warnings do not fail, as in
 * the scanner).
 *
 *   node test/scan/scan-package.js [--no-build]
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, packPackage } = require('../e2e/n8n-line');

const SCANNER = '@n8n/scan-community-package';

function log(message) {
	process.stdout.write(`[scan] ${message}\n`);
}

/** The files a leg lints, as the scanner globs them (for the report; the scanner globs again). */
function filesOf(glob, dir, patterns) {
	return glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
}

async function leg(name, dir, patterns, { analyzePackage, glob }) {
	const files = filesOf(glob, dir, patterns);
	const counts = {};
	for (const file of files) counts[path.extname(file)] = (counts[path.extname(file)] ?? 0) + 1;
	log(`${name}: ${files.length} files (${Object.entries(counts).map(([ext, n]) => `${n} ${ext}`).join(', ')}) in ${dir}, patterns ${patterns.join(' ')}`);
	const result = await analyzePackage(dir, patterns);
	if (result.passed && files.length === 0) return { name, passed: false, message: 'no files found: nothing was checked' };
	return { name, ...result };
}

async function main() {
	const version = require(`${SCANNER}/package.json`).version;
	// The scanner makes a temp folder when loaded (for downloads we do not make): tmp
	// removes it at exit once graceful cleanup is on (the same tmp the scanner loads).
	const scannerDir = path.dirname(require.resolve(`${SCANNER}/package.json`));
	require(require.resolve('tmp', { paths: [scannerDir] })).setGracefulCleanup();
	const scanner = await import(require.resolve(`${SCANNER}/scanner/scanner.mjs`));
	const glob = require(require.resolve('fast-glob', { paths: [scannerDir] }));
	log(`${SCANNER} ${version}: its ESLint rule set (@n8n/eslint-plugin-community-nodes recommended, eslint-plugin-n8n-nodes-base, no-console)`);

	const results = [];
	results.push(await leg('source', ROOT, scanner.SOURCE_FILE_PATTERNS, { ...scanner, glob }));

	const tarball = packPackage({ build: !process.argv.includes('--no-build') });
	const unpacked = path.join(path.dirname(tarball), 'package');
	try {
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		results.push(await leg(`tarball ${path.basename(tarball)}`, unpacked, ['**/*.js', 'package.json'], { ...scanner, glob }));
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}

	for (const r of results) {
		if (r.details) process.stdout.write(r.details);
		log(`${r.name}: ${r.passed ? 'passed' : `FAILED: ${r.message}`}`);
	}
	const failed = results.filter((r) => !r.passed);
	log(failed.length ? `${failed.length} of ${results.length} legs failed` : `both legs passed (provenance not checked: it needs a published version)`);
	process.exitCode = failed.length ? 1 : 0;
}

main().catch((error) => {
	log(`scan could not run: ${error.stack ?? error}`);
	process.exitCode = 1;
});
