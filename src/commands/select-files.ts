import type {Output} from '../reporters/reporter.js';
import {selectRunbooks, type FileSelection, type SelectOptions} from '../select/index.js';
import {visibleLine} from '../match/visible.js';
import {plural} from '../plural.js';

export type SelectFilesOptions = SelectOptions & {
	readonly err: Output;
	/** `--verbose`: name the files passed over, and the size of the shard. */
	readonly verbose?: boolean;
};


/**
 * The runbooks `paths` select (`selectRunbooks`), with what the person should
 * know on `err`: with `--verbose`, each file passed over for having no step
 * and the share of `--shard`; always, that a shard is empty (not an error:
 * the command goes on with no runbook and passes).
 */
export async function selectFiles(paths: readonly string[], options: SelectFilesOptions): Promise<FileSelection> {
	const selection = await selectRunbooks(paths, options);
	const {selected, passedOver, total} = selection;
	const {err, shard} = options;
	if (options.verbose) for (const file of passedOver) err.write(`runbook: passed over ${visibleLine(file)}: no step\n`);
	if (shard && selected.length === 0) {
		err.write(`runbook: --shard ${shard.index}/${shard.count} is empty: ${plural(total.files, 'runbook')} in ${shard.count} parts; nothing to run\n`);
	} else if (shard && options.verbose) {
		const steps = selected.reduce((sum, one) => sum + (one.ok ? one.loaded.runbook.steps.length : 0), 0);
		err.write(`runbook: --shard ${shard.index}/${shard.count}: ${selected.length} of ${plural(total.files, 'runbook')}, ${steps} of ${plural(total.steps, 'step')}\n`);
	}
	return selection;
}
