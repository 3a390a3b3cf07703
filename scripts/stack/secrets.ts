import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Per-profile secrets made once and kept under .data/, so sessions survive a restart of `npm start`. */
export function loadOrCreateSecrets(dataDir: string): { authSecret: string; webhookSecret: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { authSecret: randomBytes(32).toString('hex'), webhookSecret: `whsec_${randomBytes(24).toString('hex')}` };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
