// Loaded with `node --import`: fails any import of ink or react, to prove `runbook test` never loads them.
import {register} from 'node:module';

register('./no-ink-loader.mjs', import.meta.url);
