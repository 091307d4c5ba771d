/** Stores (bot-server/stores). */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { timestamps } from './columns.ts';

export const stores = sqliteTable(
  'stores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The name members see in English mode; null = the zh-TW name. */
    nameEn: text('name_en'),
    address: text('address').notNull().default(''),
    phone: text('phone'),
    /** Free text shown to members, e.g. 「週一至週日 08:00–21:00」. */
    openingHours: text('opening_hours').notNull().default(''),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('stores_code_unique').on(t.code)],
);
