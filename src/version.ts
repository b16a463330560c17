/** Written in by the build (scripts/bundle.js, esbuild `define`) from package.json's `version`. */
declare const RUNBOOK_VERSION: string | undefined;

/**
 * runbook's version, as package.json says (its one home). Code run from
 * src/ without the build (tsx) has none and says so.
 */
export const version: string = typeof RUNBOOK_VERSION === 'string' ? RUNBOOK_VERSION : '0.0.0-unbuilt';
