ALTER TABLE `stores` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `terms_en` text;--> statement-breakpoint
ALTER TABLE `bundles` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `bundles` ADD `description_en` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `description_en` text;