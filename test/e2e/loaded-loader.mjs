import {appendFileSync} from 'node:fs';

export async function load(url, context, next) {
	if (process.env.RUNBOOK_TEST_LOADED_LOG) appendFileSync(process.env.RUNBOOK_TEST_LOADED_LOG, `${url}\n`);
	return next(url, context);
}
