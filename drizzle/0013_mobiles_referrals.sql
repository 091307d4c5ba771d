CREATE TABLE `mobile_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`mobile` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mobile_codes_member_idx` ON `mobile_codes` (`member_id`,`mobile`,`created_at`);--> statement-breakpoint
CREATE TABLE `referral_attributions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referrer_member_id` integer NOT NULL,
	`friend_member_id` integer,
	`friend_mobile` text,
	`source` text NOT NULL,
	`source_ref` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`referrer_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`friend_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_attributions_member_unique` ON `referral_attributions` (`friend_member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `referral_attributions_mobile_unique` ON `referral_attributions` (`friend_mobile`);--> statement-breakpoint
CREATE INDEX `referral_attributions_referrer_idx` ON `referral_attributions` (`referrer_member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `referral_codes` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_codes_code_unique` ON `referral_codes` (`code`);--> statement-breakpoint
CREATE TABLE `referral_rewards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referral_id` integer NOT NULL,
	`beneficiary` text NOT NULL,
	`member_id` integer NOT NULL,
	`coupon_id` integer,
	`status` text NOT NULL,
	`reason` text,
	`granted_at` integer NOT NULL,
	`reversed_at` integer,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `referral_rewards_referral_idx` ON `referral_rewards` (`referral_id`);--> statement-breakpoint
CREATE INDEX `referral_rewards_granted_idx` ON `referral_rewards` (`granted_at`);--> statement-breakpoint
CREATE TABLE `referral_seen_mobiles` (
	`mobile_hash` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referral_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`trigger` text DEFAULT 'registration' NOT NULL,
	`referrer_template_id` integer,
	`referrer_bundle_id` integer,
	`friend_template_id` integer,
	`friend_bundle_id` integer,
	`monthly_cap` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referrer_member_id` integer NOT NULL,
	`friend_member_id` integer NOT NULL,
	`attribution_id` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`trigger` text NOT NULL,
	`qualifying_redemption_id` text,
	`registered_at` integer NOT NULL,
	`rewarded_at` integer,
	`reward_month` text,
	FOREIGN KEY (`referrer_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`friend_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_friend_unique` ON `referrals` (`friend_member_id`);--> statement-breakpoint
CREATE INDEX `referrals_referrer_idx` ON `referrals` (`referrer_member_id`,`reward_month`);--> statement-breakpoint
CREATE INDEX `referrals_redemption_idx` ON `referrals` (`qualifying_redemption_id`);--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `show_static_code` integer DEFAULT false NOT NULL;