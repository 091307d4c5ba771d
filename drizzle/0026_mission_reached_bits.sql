ALTER TABLE `mission_progress` ADD `reached` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `mission_progress` SET `reached` = coalesce((SELECT sum(1 << s.`step`) FROM (SELECT DISTINCT `step` FROM `mission_steps_reached` r WHERE r.`mission_id` = `mission_progress`.`mission_id` AND r.`member_id` = `mission_progress`.`member_id`) s), 0);--> statement-breakpoint
DROP TABLE `mission_steps_reached`;
