CREATE TABLE `coupon_expiry_reminders` (
	`coupon_id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`notification_id` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coupon_expiry_reminders_notification_idx` ON `coupon_expiry_reminders` (`notification_id`);