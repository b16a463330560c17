import {describe, expect, it} from 'vitest';
import {cacheHome, parseCacheFor} from '../../src/cache/folder.js';
import {version} from '../../src/version.js';

describe('where the parse cache lives', () => {
	const home = () => '/home/ada';

	it('is XDG_CACHE_HOME when it is an absolute path, else ~/.cache (a relative or empty one is ignored, as the XDG spec says)', () => {
		expect(cacheHome({XDG_CACHE_HOME: '/var/cache/ada'}, home)).toBe('/var/cache/ada');
		expect(cacheHome({XDG_CACHE_HOME: 'cache'}, home)).toBe('/home/ada/.cache');
		expect(cacheHome({XDG_CACHE_HOME: './cache'}, home)).toBe('/home/ada/.cache');
		expect(cacheHome({XDG_CACHE_HOME: ''}, home)).toBe('/home/ada/.cache');
		expect(cacheHome({}, home)).toBe('/home/ada/.cache');
	});

	it('is nowhere without an absolute home folder', () => {
		expect(cacheHome({}, () => '')).toBeUndefined();
		expect(cacheHome({}, () => 'ada')).toBeUndefined();
		expect(
			cacheHome({}, () => {
				throw new Error('no home');
			}),
		).toBeUndefined();
	});

	it('is runbook/ under the cache home, for the build of this version and parser', () => {
		expect(parseCacheFor(true, {XDG_CACHE_HOME: '/c'}, 'f00d')).toEqual({folder: '/c/runbook', build: `${version}+f00d`});
	});

	it('is not used with --no-cache, with RUNBOOK_NO_CACHE set, or by code that was not built (no parser hash)', () => {
		expect(parseCacheFor(false, {XDG_CACHE_HOME: '/c'}, 'f00d')).toBeUndefined();
		expect(parseCacheFor(true, {XDG_CACHE_HOME: '/c', RUNBOOK_NO_CACHE: '1'}, 'f00d')).toBeUndefined();
		expect(parseCacheFor(true, {XDG_CACHE_HOME: '/c', RUNBOOK_NO_CACHE: ''}, 'f00d')).toBeDefined();
		expect(parseCacheFor(true, {XDG_CACHE_HOME: '/c'})).toBeUndefined();
	});
});
