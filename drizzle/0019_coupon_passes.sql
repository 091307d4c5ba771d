CREATE TABLE `coupon_pass_days` (
	`coupon_id` integer NOT NULL,
	`day` text NOT NULL,
	`uses` integer NOT NULL,
	PRIMARY KEY(`coupon_id`, `day`),
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pass_renewal_reminders` (
	`coupon_id` integer NOT NULL,
	`stage` text NOT NULL,
	`member_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`notification_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`coupon_id`, `stage`),
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pass_renewal_reminders_member_idx` ON `pass_renewal_reminders` (`member_id`,`template_id`,`status`);--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `unit` text DEFAULT 'use' NOT NULL;--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `pass` text;