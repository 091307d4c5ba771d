import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './bot-server/db/schema.ts',
  out: './drizzle',
});
