CREATE TABLE "permission_catalog" (
	"name" text PRIMARY KEY NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
