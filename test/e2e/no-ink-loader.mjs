export async function resolve(specifier, context, next) {
	if (/^(ink|react)(\/|$)/.test(specifier)) throw new Error(`runbook test loaded ${specifier}`);
	return next(specifier, context);
}
