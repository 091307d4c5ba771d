/** Rich menus (bot-server/richmenus): versions the brand designs, uploaded images, publications, the LINE menus made for them, member links, schedules. */
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

/** A set of menus (tabs) and audiences. `spec` is the validated TRichMenuVersionParsed (menus + audiences). */
export const richMenuVersions = sqliteTable('richmenu_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  spec: text('spec', { mode: 'json' }).$type<unknown>().notNull(),
  /** Set when first published: the version is frozen from then on. */
  firstPublishedAt: integer('first_published_at', { mode: 'timestamp_ms' }),
  lastPublishedAt: integer('last_published_at', { mode: 'timestamp_ms' }),
  createdBy: integer('created_by').references(() => members.id),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** The brand's own uploaded images (validated against LINE's rules before they are stored). */
export const richMenuImages = sqliteTable('richmenu_images', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  contentType: text('content_type').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  bytes: integer('bytes').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * One attempt to make a version live. The live version is the latest succeeded publication;
 * a failed one names its step and changes nothing that was live.
 */
export const richMenuPublications = sqliteTable(
  'richmenu_publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    versionId: integer('version_id').notNull().references(() => richMenuVersions.id),
    kind: text('kind', { enum: ['publish', 'rollback', 'schedule_start', 'schedule_end'] }).notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull().default('running'),
    /** The last step reached: create → upload → alias → link → default → delete. */
    step: text('step', { enum: ['create', 'upload', 'alias', 'link', 'default', 'delete'] }),
    failedStep: text('failed_step', { enum: ['create', 'upload', 'alias', 'link', 'default', 'delete'] }),
    error: text('error'),
    linkTotal: integer('link_total'),
    linkDone: integer('link_done').notNull().default(0),
    /** The publication this one replaced (its LINE menus are deleted at the end). */
    replacesId: integer('replaces_id'),
    scheduleId: integer('schedule_id'),
    actorMemberId: integer('actor_member_id'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull().default(now),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('richmenu_publications_status').on(t.status, t.id)],
);

/** A menu made on LINE for a publication (a menu's image cannot be replaced, so each publication makes its own). */
export const richMenuLineMenus = sqliteTable(
  'richmenu_line_menus',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicationId: integer('publication_id').notNull().references(() => richMenuPublications.id),
    menuKey: text('menu_key').notNull(),
    lineRichMenuId: text('line_rich_menu_id').notNull(),
    imageUploaded: integer('image_uploaded', { mode: 'boolean' }).notNull().default(false),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('richmenu_line_menus_key').on(t.publicationId, t.menuKey), index('richmenu_line_menus_open').on(t.deletedAt)],
);

/** Which LINE menu a member is linked to per user (no row: LINE's default applies). */
export const richMenuMemberLinks = sqliteTable('richmenu_member_links', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  menuKey: text('menu_key').notNull(),
  lineRichMenuId: text('line_rich_menu_id').notNull(),
  publicationId: integer('publication_id').notNull(),
  linkedAt: integer('linked_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** A version live from startsAt until endsAt (UTC instants; the brand-local text as entered). */
export const richMenuSchedules = sqliteTable(
  'richmenu_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    versionId: integer('version_id').notNull().references(() => richMenuVersions.id),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    startsLocal: text('starts_local').notNull(),
    endsLocal: text('ends_local').notNull(),
    status: text('status', { enum: ['pending', 'active', 'done', 'cancelled', 'failed'] }).notNull().default('pending'),
    previousVersionId: integer('previous_version_id'),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('richmenu_schedules_status').on(t.status, t.startsAt)],
);

/** Our calls to LINE's create/delete rich menu (100 an hour), to stay inside the budget. */
export const richMenuApiCalls = sqliteTable(
  'richmenu_api_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['create', 'delete'] }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('richmenu_api_calls_at').on(t.at)],
);

/** Members whose menu must be looked at again (registered, tier changed, followed): the relink job drains it in bulk. */
export const richMenuRelinks = sqliteTable('richmenu_relinks', {
  memberId: integer('member_id').primaryKey(),
  requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
