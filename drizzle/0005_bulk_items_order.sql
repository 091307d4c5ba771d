DROP INDEX `bulk_job_items_pending_idx`;--> statement-breakpoint
CREATE INDEX `bulk_job_items_pending_idx` ON `bulk_job_items` (`job_id`,`status`,`member_id`);