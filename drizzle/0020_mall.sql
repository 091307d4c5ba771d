CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`quantity` integer NOT NULL,
	`unit_cash` integer NOT NULL,
	`unit_points` integer NOT NULL,
	`list_price` integer,
	`refund_unit_value` integer,
	`refundable` integer NOT NULL,
	`refund_window_days` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_lines_product_idx` ON `order_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `order_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`provider` text DEFAULT 'linepay' NOT NULL,
	`provider_order_id` text NOT NULL,
	`transaction_id` text,
	`amount` integer NOT NULL,
	`state` text DEFAULT 'requested' NOT NULL,
	`payment_url` text,
	`last_error` text,
	`captured_at` integer,
	`refund_transaction_id` text,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_payments_provider_order_unique` ON `order_payments` (`provider_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `order_payments_transaction_unique` ON `order_payments` (`transaction_id`);--> statement-breakpoint
CREATE INDEX `order_payments_order_idx` ON `order_payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_payments_state_idx` ON `order_payments` (`state`);--> statement-breakpoint
CREATE TABLE `order_point_holds` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`points` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_point_holds_member_idx` ON `order_point_holds` (`member_id`);--> statement-breakpoint
CREATE TABLE `order_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`order_line_id` integer NOT NULL,
	`coupon_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`transfer_id` integer,
	`refunded_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_tickets_order_idx` ON `order_tickets` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `order_tickets_coupon_unique` ON `order_tickets` (`coupon_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`member_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`total_cash` integer NOT NULL,
	`total_points` integer DEFAULT 0 NOT NULL,
	`recipient` text DEFAULT 'self' NOT NULL,
	`gift_mobile` text,
	`gift_message` text,
	`invoice_carrier` text,
	`lang` text DEFAULT 'zh-TW' NOT NULL,
	`hold_until` integer NOT NULL,
	`paid_at` integer,
	`cancelled_at` integer,
	`cancel_reason` text,
	`fulfilment` text DEFAULT 'none' NOT NULL,
	`refunded_cash` integer DEFAULT 0 NOT NULL,
	`refunded_points` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_reference_unique` ON `orders` (`reference`);--> statement-breakpoint
CREATE INDEX `orders_member_idx` ON `orders` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_status_hold_idx` ON `orders` (`status`,`hold_until`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `product_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`template_id` integer NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_items_product_idx` ON `product_items` (`product_id`,`position`);--> statement-breakpoint
CREATE TABLE `product_member_counts` (
	`product_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`units` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_member_counts_unique` ON `product_member_counts` (`product_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `product_stock` (
	`product_id` integer PRIMARY KEY NOT NULL,
	`total` integer,
	`reserved` integer DEFAULT 0 NOT NULL,
	`sold` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`description` text DEFAULT '' NOT NULL,
	`description_en` text,
	`category` text DEFAULT '' NOT NULL,
	`image_url` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`price_mode` text NOT NULL,
	`price_cash` integer DEFAULT 0 NOT NULL,
	`price_points` integer DEFAULT 0 NOT NULL,
	`list_price` integer,
	`per_member_limit` integer,
	`sale_starts_at` integer,
	`sale_ends_at` integer,
	`audience` text NOT NULL,
	`refundable` integer DEFAULT true NOT NULL,
	`refund_window_days` integer,
	`refund_unit_value` integer,
	`guarantee` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `products_status_category_idx` ON `products` (`status`,`category`,`sort_order`);