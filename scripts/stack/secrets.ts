import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Secrets {
  authSecret: string;
  webhookSecret: string;
}

const valid = (s: unknown): s is Secrets =>
  typeof s === 'object' && s !== null && typeof (s as Secrets).authSecret === 'string' && (s as Secrets).authSecret.length >= 32 && /^whsec_/.test(String((s as Secrets).webhookSecret));

/**
 * Per-profile secrets made once and kept under .data/, so sessions survive a restart of `npm start`.
 * Written atomically (temporary file, then rename), so a stop at any moment leaves the old file or
 * the new one; a file that cannot be read anyway is moved aside with a message and replaced (sessions
 * signed with the old secret end: people sign in again).
 */
export function loadOrCreateSecrets(dataDir: string, report: (m: string) => void = console.log): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      parsed = null;
    }
    if (valid(parsed)) return parsed;
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    report(`• ${file} could not be read; it was moved to ${aside} and new secrets were made (everyone signs in again)`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = { authSecret: randomBytes(32).toString('hex'), webhookSecret: `whsec_${randomBytes(24).toString('hex')}` };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
  return secrets;
}
