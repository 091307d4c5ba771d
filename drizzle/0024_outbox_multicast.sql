ALTER TABLE `outbox` ADD `multicast_key` text;--> statement-breakpoint
CREATE INDEX `outbox_multicast_idx` ON `outbox` (`multicast_key`);