CREATE TABLE `outbox_multicasts` (
	`key` text PRIMARY KEY NOT NULL,
	`rids` text NOT NULL,
	`recipients` integer NOT NULL,
	`outcome` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
DROP INDEX `outbox_due_idx`;--> statement-breakpoint
DROP INDEX `outbox_multicast_idx`;--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`priority`,`due_at`) WHERE "status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_lease_idx` ON `outbox` (`lease_until`) WHERE "status" = 'sending';