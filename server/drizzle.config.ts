import { defineConfig } from 'drizzle-kit';

// One migration stream for the whole app, so foreign keys and ordering across modules stay simple;
// each table is still declared (and owned) by its module's *.schema.ts file.
export default defineConfig({
  dialect: 'postgresql',
  // Every module's tables: a new module's *.schema.ts is picked up without a line here.
  schema: ['./server/src/platform/platform.schema.ts', './server/src/modules/*/*.schema.ts'],
  out: './server/drizzle',
});
