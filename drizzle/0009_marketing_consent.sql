ALTER TABLE `members` ADD `marketing_opt_in` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `marketing_consent_at` integer;