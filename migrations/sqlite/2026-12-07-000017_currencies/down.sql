DROP TABLE exchange_rates;
DROP TABLE billing_settings;
