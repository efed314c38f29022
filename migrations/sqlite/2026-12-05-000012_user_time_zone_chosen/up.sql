-- Whether the user's time zone was chosen (at creation or later); until then the browser's
-- zone at the first sign-in becomes it.
ALTER TABLE users ADD COLUMN time_zone_chosen BOOLEAN NOT NULL DEFAULT TRUE;
