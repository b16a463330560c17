/**
 * Secrets are masked in what steps print, as CI systems mask them (GitHub
 * Actions' `::add-mask::`, GitLab's masked variables): before the output is
 * matched, shown, reported or recorded by `--update`, every secret value is
 * replaced by {@link secretMask}.
 *
 * A variable of the steps' environment is secret when the runbook declares it
 * (frontmatter `secrets:`, `--secret NAME`) or when its name looks like one
 * ({@link secretNameParts}, case-insensitive). Values shorter than
 * {@link minSecretLength} are not masked: masking `abc` everywhere would hide
 * more than it protects.
 */

/** What stands in the output where a secret was. */
export const secretMask = '***';

/** Parts of a variable's name that make it secret, matched without regard to case. */
export const secretNameParts: readonly string[] = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'API_KEY', 'PRIVATE_KEY'];

export const minSecretLength = 4;

/** Whether the variable `name` holds a secret: declared, or named like one. */
export function isSecretName(name: string, declared: readonly string[]): boolean {
	const upper = name.toUpperCase();
	return declared.includes(name) || secretNameParts.some((part) => upper.includes(part));
}

/**
 * The texts to mask for the secret variables of `env`: each value, and its
 * base64 (with and without padding, and the URL-safe alphabet) and URL-encoded
 * forms, longest first.
 */
export function secretTexts(env: Readonly<Record<string, string>>, declared: readonly string[]): string[] {
	const texts = new Set<string>();
	for (const [name, value] of Object.entries(env)) {
		if (!isSecretName(name, declared) || value.length < minSecretLength) continue;
		const base64 = Buffer.from(value).toString('base64');
		for (const form of [value, base64, base64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'), encodeURIComponent(value)]) texts.add(form);
	}
	return [...texts].sort((a, b) => b.length - a.length);
}

/** A secret's mask over a text, and over text that comes in pieces. */
export class SecretMasker {
	private readonly longest: number;

	constructor(private readonly texts: readonly string[]) {
		this.longest = texts.reduce((most, text) => Math.max(most, text.length), 0);
	}

	/** `text` with every secret replaced. */
	mask(text: string): string {
		let result = text;
		for (const secret of this.texts) if (result.includes(secret)) result = result.split(secret).join(secretMask);
		return result;
	}

	/**
	 * A masker for one stream of pieces: `push` gives back what can be shown
	 * now, holding back an end that may be the start of a secret the next
	 * piece completes; `end` gives back the rest.
	 */
	stream(): {push(text: string): string; end(): string} {
		let pending = '';
		return {
			push: (text) => {
				if (this.texts.length === 0) return text;
				const masked = this.mask(pending + text);
				const held = this.heldBack(masked);
				pending = masked.slice(masked.length - held);
				return masked.slice(0, masked.length - held);
			},
			end: () => {
				const rest = pending;
				pending = '';
				return rest;
			},
		};
	}

	/** How many characters at the end of `text` begin some secret. */
	private heldBack(text: string): number {
		for (let length = Math.min(this.longest - 1, text.length); length > 0; length--) {
			const end = text.slice(text.length - length);
			if (this.texts.some((secret) => secret.startsWith(end))) return length;
		}
		return 0;
	}
}
