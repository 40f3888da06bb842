// The verification scanner's two passes, as n8n runs them on a published package
// (@n8n/scan-community-package): the source checkout, then the npm tarball. Exit 1 on any error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-scan-'));
try {
	const source = await analyzePackage(repo, SOURCE_FILE_PATTERNS);
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
		cwd: repo,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(out, tarball), '-C', out]);
	const packed = await analyzePackage(path.join(out, 'package'));
	for (const [name, result] of [
		['source', source],
		['tarball', packed],
	]) {
		process.stdout.write(
			`scanner (${name}): ${result.passed ? 'passed' : `FAILED: ${result.message}`}\n`,
		);
		if (result.details) process.stdout.write(`${result.details}\n`);
	}
	process.exitCode = source.passed && packed.passed ? 0 : 1;
} finally {
	fs.rmSync(out, { recursive: true, force: true });
}
