CREATE TABLE `coupon_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`coupon_id` integer NOT NULL,
	`type` text NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`store_id` integer,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`redemption_id` text,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `coupon_events_coupon_idx` ON `coupon_events` (`coupon_id`);--> statement-breakpoint
CREATE TABLE `coupon_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`terms` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`amount_off` integer,
	`percent_off` integer,
	`max_discount` integer,
	`exchange_item_name` text,
	`exchange_item_sku` text,
	`scope` text NOT NULL,
	`min_spend` integer DEFAULT 0 NOT NULL,
	`store_ids` text,
	`weekdays` text,
	`time_windows` text,
	`validity` text NOT NULL,
	`uses_per_coupon` integer DEFAULT 1 NOT NULL,
	`transferable` integer DEFAULT false NOT NULL,
	`total_stock` integer,
	`issued_count` integer DEFAULT 0 NOT NULL,
	`per_member_limit` integer,
	`code_mode` text DEFAULT 'pattern' NOT NULL,
	`code_pattern` text NOT NULL,
	`image_url` text,
	`color` text DEFAULT '#06C755' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`code` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`uses_total` integer NOT NULL,
	`uses_left` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer NOT NULL,
	`source` text NOT NULL,
	`source_ref` text,
	`issued_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_code_unique` ON `coupons` (`code`);--> statement-breakpoint
CREATE INDEX `coupons_member_idx` ON `coupons` (`member_id`,`status`,`valid_until`);--> statement-breakpoint
CREATE INDEX `coupons_template_idx` ON `coupons` (`template_id`);--> statement-breakpoint
CREATE TABLE `imported_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`code` text NOT NULL,
	`coupon_id` integer,
	`imported_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imported_codes_code_unique` ON `imported_codes` (`code`);--> statement-breakpoint
CREATE INDEX `imported_codes_free_idx` ON `imported_codes` (`template_id`,`coupon_id`);--> statement-breakpoint
CREATE TABLE `redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`coupon_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`uses` integer NOT NULL,
	`discount` integer,
	`order_amount` integer,
	`channel` text NOT NULL,
	`staff_member_id` integer,
	`api_key_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`voided_at` integer,
	`void_reason` text,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `redemptions_store_idx` ON `redemptions` (`store_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `redemptions_coupon_idx` ON `redemptions` (`coupon_id`);