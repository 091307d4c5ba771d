CREATE TABLE `mission_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mission_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`cycle` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`reward` text NOT NULL,
	`state` text NOT NULL,
	`completed_at` integer NOT NULL,
	`reversed_at` integer,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_completions_unique` ON `mission_completions` (`mission_id`,`member_id`,`cycle`);--> statement-breakpoint
CREATE INDEX `mission_completions_member_idx` ON `mission_completions` (`member_id`);--> statement-breakpoint
CREATE TABLE `mission_progress` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mission_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`cycle` integer DEFAULT 1 NOT NULL,
	`completions` integer DEFAULT 0 NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`joined_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_progress_unique` ON `mission_progress` (`mission_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `mission_progress_member_idx` ON `mission_progress` (`member_id`);--> statement-breakpoint
CREATE TABLE `mission_steps_reached` (
	`mission_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`step` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_steps_reached_unique` ON `mission_steps_reached` (`mission_id`,`member_id`,`step`);--> statement-breakpoint
CREATE TABLE `missions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_en` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`description_en` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`rules` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `missions_status_idx` ON `missions` (`status`);