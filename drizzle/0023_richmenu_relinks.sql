CREATE TABLE `richmenu_relinks` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`requested_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
