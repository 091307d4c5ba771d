CREATE TABLE `richmenu_api_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `richmenu_api_calls_at` ON `richmenu_api_calls` (`at`);--> statement-breakpoint
CREATE TABLE `richmenu_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `richmenu_line_menus` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`publication_id` integer NOT NULL,
	`menu_key` text NOT NULL,
	`line_rich_menu_id` text NOT NULL,
	`image_uploaded` integer DEFAULT false NOT NULL,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`publication_id`) REFERENCES `richmenu_publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `richmenu_line_menus_key` ON `richmenu_line_menus` (`publication_id`,`menu_key`);--> statement-breakpoint
CREATE INDEX `richmenu_line_menus_open` ON `richmenu_line_menus` (`deleted_at`);--> statement-breakpoint
CREATE TABLE `richmenu_member_links` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`menu_key` text NOT NULL,
	`line_rich_menu_id` text NOT NULL,
	`publication_id` integer NOT NULL,
	`linked_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `richmenu_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`step` text,
	`failed_step` text,
	`error` text,
	`link_total` integer,
	`link_done` integer DEFAULT 0 NOT NULL,
	`replaces_id` integer,
	`schedule_id` integer,
	`actor_member_id` integer,
	`started_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`version_id`) REFERENCES `richmenu_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `richmenu_publications_status` ON `richmenu_publications` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `richmenu_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`starts_local` text NOT NULL,
	`ends_local` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`previous_version_id` integer,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `richmenu_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `richmenu_schedules_status` ON `richmenu_schedules` (`status`,`starts_at`);--> statement-breakpoint
CREATE TABLE `richmenu_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`spec` text NOT NULL,
	`first_published_at` integer,
	`last_published_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
