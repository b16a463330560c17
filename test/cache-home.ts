import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/**
 * vitest's global setup: the whole run gets a cache home of its own
 * (`XDG_CACHE_HOME`, inherited by the test workers and every CLI they start),
 * so that no test reads or writes the user's parse cache in ~/.cache/runbook.
 * Tests of the cache itself give each case a folder of its own.
 */
export default function setup(): () => void {
	const home = mkdtempSync(path.join(tmpdir(), 'runbook-test-cache-home-'));
	process.env.XDG_CACHE_HOME = home;
	return () => rmSync(home, {recursive: true, force: true});
}
