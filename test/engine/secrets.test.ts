import {describe, expect, it} from 'vitest';
import {isSecretName, SecretMasker, secretTexts} from '../../src/engine/secrets.js';

describe('secret names', () => {
	it('are declared, or named like a secret in any case', () => {
		expect(['GITHUB_TOKEN', 'db_password', 'MY_SECRET', 'SMTP_PASSWD', 'OPENAI_API_KEY', 'SSH_PRIVATE_KEY'].every((name) => isSecretName(name, []))).toBe(true);
		expect(isSecretName('HOME', [])).toBe(false);
		expect(isSecretName('DB_URL', ['DB_URL'])).toBe(true);
	});

	it('mask values of at least four characters, and their base64 and URL-encoded forms', () => {
		const texts = secretTexts({API_TOKEN: 'a b/c?', SHORT_TOKEN: 'abc', PLAIN: 'public'}, []);
		expect(texts).toContain('a b/c?');
		expect(texts).toContain(Buffer.from('a b/c?').toString('base64'));
		expect(texts).toContain('a%20b%2Fc%3F');
		expect(texts).not.toContain('abc');
		expect(texts).not.toContain('public');
	});
});

describe('SecretMasker', () => {
	const masker = new SecretMasker(['hunter22', 'swordfish']);

	it('masks every occurrence', () => {
		expect(masker.mask('pw=hunter22 again hunter22, swordfish')).toBe('pw=*** again ***, ***');
	});

	it('masks a secret split across pieces of a stream, holding back only what may begin one', () => {
		const stream = masker.stream();
		const shown = [stream.push('user=bob pw=hun'), stream.push('ter2'), stream.push('2 done\nsword'), stream.push('s'), stream.end()];
		expect(shown).toEqual(['user=bob pw=', '', '*** done\n', 'sword', 's']);
		expect(shown.join('')).toBe('user=bob pw=*** done\nswords');
	});

	it('gives back a held end when the stream ends', () => {
		const stream = masker.stream();
		expect(stream.push('last word: sword')).toBe('last word: ');
		expect(stream.end()).toBe('sword');
	});
});
