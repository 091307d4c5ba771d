CREATE TABLE `transfer_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`pending_days` integer DEFAULT 7 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_coupon_id` integer NOT NULL,
	`gift_coupon_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`sender_member_id` integer NOT NULL,
	`recipient_mobile` text NOT NULL,
	`recipient_member_id` integer,
	`uses` integer NOT NULL,
	`is_partial` integer DEFAULT false NOT NULL,
	`give_number` integer DEFAULT 1 NOT NULL,
	`message` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`return_reason` text,
	`return_at` integer NOT NULL,
	`reminded_at` integer,
	`sent_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`resolved_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`source_coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gift_coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfers_state_return_idx` ON `transfers` (`state`,`return_at`);--> statement-breakpoint
CREATE INDEX `transfers_recipient_mobile_idx` ON `transfers` (`recipient_mobile`,`state`);--> statement-breakpoint
CREATE INDEX `transfers_recipient_member_idx` ON `transfers` (`recipient_member_id`,`state`);--> statement-breakpoint
CREATE INDEX `transfers_sender_idx` ON `transfers` (`sender_member_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `transfers_gift_coupon_idx` ON `transfers` (`gift_coupon_id`);--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `allow_partial_transfer` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `max_transfers` integer DEFAULT 1 NOT NULL;