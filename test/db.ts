import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { adminQuery as admin, withDatabase } from './global-setup';

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

/** A fresh database cloned from the run's migrated template (fast: a file copy, no migrations). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('pgServerUrl');
  const template = inject('templateDb');
  const name = `${template.replace('kefu_tpl_', 'kefu_t_')}_${randomBytes(4).toString('hex')}`;
  await admin(server, `create database ${name} template ${template}`);
  return {
    url: withDatabase(server, name),
    name,
    drop: () => admin(server, `drop database if exists ${name} with (force)`),
  };
}

/** An empty database (no migrations), for migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const server = inject('pgServerUrl');
  const name = `${inject('templateDb').replace('kefu_tpl_', 'kefu_t_')}_e${randomBytes(4).toString('hex')}`;
  await admin(server, `create database ${name}`);
  return {
    url: withDatabase(server, name),
    name,
    drop: () => admin(server, `drop database if exists ${name} with (force)`),
  };
}
