CREATE TABLE `points_accounts` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `points_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`type` text NOT NULL,
	`delta` integer NOT NULL,
	`lot_id` integer,
	`ref` text,
	`reason` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `points_entries_member` ON `points_entries` (`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `points_entries_created` ON `points_entries` (`created_at`);--> statement-breakpoint
CREATE INDEX `points_entries_ref` ON `points_entries` (`ref`);--> statement-breakpoint
CREATE TABLE `points_lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`status` text NOT NULL,
	`points` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer,
	`unlocks_at` integer,
	`purchase_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `points_lots_member` ON `points_lots` (`member_id`,`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `points_lots_expiry` ON `points_lots` (`expires_at`) WHERE "points_lots"."status" = 'active' and "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX `points_lots_unlock` ON `points_lots` (`unlocks_at`) WHERE "points_lots"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `points_purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` integer NOT NULL,
	`order_no` text NOT NULL,
	`member_id` integer NOT NULL,
	`api_key_id` integer,
	`total` integer NOT NULL,
	`paid` integer NOT NULL,
	`lines` text NOT NULL,
	`line_weights` text NOT NULL,
	`returned` text NOT NULL,
	`total_weight` integer NOT NULL,
	`coupon_redemptions` text NOT NULL,
	`points_earned` integer NOT NULL,
	`points_reversed` integer DEFAULT 0 NOT NULL,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`lot_id` integer,
	`response` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_purchases_order` ON `points_purchases` (`store_id`,`order_no`);--> statement-breakpoint
CREATE INDEX `points_purchases_member` ON `points_purchases` (`member_id`);--> statement-breakpoint
CREATE TABLE `points_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`api_key_id` integer,
	`points` integer NOT NULL,
	`discount` integer NOT NULL,
	`order_no` text,
	`reversed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `points_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`purchase_id` text NOT NULL,
	`refund_no` text NOT NULL,
	`amount` integer NOT NULL,
	`points_reversed` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `points_purchases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_refunds_no` ON `points_refunds` (`purchase_id`,`refund_no`);--> statement-breakpoint
CREATE TABLE `points_reminders` (
	`member_id` integer NOT NULL,
	`month` text NOT NULL,
	`points` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`member_id`, `month`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `points_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
