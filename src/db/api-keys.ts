import crypto from 'node:crypto';

const KEY_PREFIX = 'cn_';

export function generateApiKey(): string {
  return KEY_PREFIX + crypto.randomBytes(24).toString('base64url');
}

/** API keys are stored as SHA-256: long random keys need no slow hash, and a leaked table leaks no key. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}
