// Loaded with `node --import`: appends the URL of every module the process loads to the file named by RUNBOOK_TEST_LOADED_LOG, one a line.
import {register} from 'node:module';

register('./loaded-loader.mjs', import.meta.url);
