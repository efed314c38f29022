-- Money settings of a portal (its default currency; a portal without a row uses the rouble
-- when Russian, else the US dollar) and dated exchange rates, kept as history: the rate of a
-- pair valid on a day is the one with the latest valid_from on or before it.
CREATE TABLE billing_settings (
    portal_id BIGINT PRIMARY KEY REFERENCES portals(id) ON DELETE CASCADE,
    default_currency TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE exchange_rates (
    id BIGSERIAL PRIMARY KEY,
    portal_id BIGINT NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
    from_currency TEXT NOT NULL,
    to_currency TEXT NOT NULL,
    rate TEXT NOT NULL,
    valid_from DATE NOT NULL,
    source TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX exchange_rates_pair_day ON exchange_rates (portal_id, from_currency, to_currency, valid_from);
CREATE INDEX exchange_rates_portal_day ON exchange_rates (portal_id, valid_from, id);
