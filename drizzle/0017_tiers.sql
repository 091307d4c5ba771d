CREATE TABLE `member_tiers` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`tier_id` integer NOT NULL,
	`since` text NOT NULL,
	`evaluate_on` text NOT NULL,
	`grace_until` text,
	`notice_for` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_tiers_evaluate` ON `member_tiers` (`evaluate_on`);--> statement-breakpoint
CREATE INDEX `member_tiers_tier` ON `member_tiers` (`tier_id`);--> statement-breakpoint
CREATE TABLE `tier_evaluations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`evaluate_on` text NOT NULL,
	`from_tier_id` integer NOT NULL,
	`to_tier_id` integer NOT NULL,
	`action` text NOT NULL,
	`qualifying` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tier_evaluations_once` ON `tier_evaluations` (`member_id`,`evaluate_on`);--> statement-breakpoint
CREATE TABLE `tier_gifts` (
	`member_id` integer NOT NULL,
	`reason` text NOT NULL,
	`tier_id` integer NOT NULL,
	`coupon_ids` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`member_id`, `reason`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tier_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rank` integer NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`color` text DEFAULT '#6B7280' NOT NULL,
	`threshold` integer NOT NULL,
	`retain_at` integer NOT NULL,
	`multiplier_x100` integer DEFAULT 100 NOT NULL,
	`upgrade_gift` text,
	`birthday_gift` text,
	`benefits` text DEFAULT '' NOT NULL,
	`benefits_en` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tiers_rank` ON `tiers` (`status`,`rank`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `audience_tier_id` integer;