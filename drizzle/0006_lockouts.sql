CREATE TABLE `lockouts` (
	`key` text PRIMARY KEY NOT NULL,
	`misses` integer DEFAULT 0 NOT NULL,
	`window_ends_at` integer NOT NULL,
	`locked_until` integer,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lockouts_expires_idx` ON `lockouts` (`expires_at`);