import {cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {root} from './cli.js';

const tree = path.join(root, 'test', 'fixtures', 'tree');
const copies: string[] = [];

/**
 * A fresh copy of `test/fixtures/tree`, a small team repository of runbooks,
 * with the parts a repository cannot hold as they are: its `.gitignore`
 * (stored as `gitignore`) and a `node_modules/` package whose README has a
 * failing step. The tree:
 *
 *     README.md                 no steps
 *     docs/passing.md           3 steps, pass (title "Greetings")
 *     docs/failing.md           2 steps, the second fails (title "Disk report")
 *     docs/guides/nested.md     2 steps in two sections, pass (title "Nested guide")
 *     docs/guides/notes.md      no steps
 *     docs/ops/exclusive.md     1 step, `exclusive: true` (title "Fixed port")
 *     docs/ops/wip.draft.md     1 failing step, ignored (`*.draft.md`)
 *     ignored/broken.md         fails its check, ignored (`ignored/`)
 *     node_modules/pkg/README.md  1 failing step, never searched
 */
export function treeCopy(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'runbook-tree-'));
	copies.push(dir);
	cpSync(tree, dir, {recursive: true});
	renameSync(path.join(dir, 'gitignore'), path.join(dir, '.gitignore'));
	mkdirSync(path.join(dir, 'node_modules', 'pkg'), {recursive: true});
	writeFileSync(path.join(dir, 'node_modules', 'pkg', 'README.md'), '# A dependency\n\n```sh\nfalse\n```\n');
	return dir;
}

export function removeTreeCopies(): void {
	for (const dir of copies.splice(0)) rmSync(dir, {recursive: true, force: true});
}
