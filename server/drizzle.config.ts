import { defineConfig } from 'drizzle-kit';

// One migration stream for the whole app, so foreign keys and ordering across modules stay simple;
// each table is still declared (and owned) by its module's *.schema.ts file.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './server/src/platform/platform.schema.ts',
    './server/src/modules/auth/auth.schema.ts',
    './server/src/modules/teams/teams.schema.ts',
    './server/src/modules/routing/routing.schema.ts',
    './server/src/modules/telephony/telephony.schema.ts',
    './server/src/modules/ivr/ivr.schema.ts',
  ],
  out: './server/drizzle',
});
