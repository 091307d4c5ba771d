CREATE TABLE `bulk_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`template_id` integer,
	`bundle_id` integer,
	`audience` text NOT NULL,
	`day_of_month` integer NOT NULL,
	`minute_of_day` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`next_run_at` integer NOT NULL,
	`last_run_at` integer,
	`last_job_id` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bulk_schedules_due_idx` ON `bulk_schedules` (`status`,`next_run_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `target_name` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `member_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_member_idx` ON `audit_log` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`id`);--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `start_at` integer;--> statement-breakpoint
ALTER TABLE `bulk_jobs` ADD `schedule_id` integer;