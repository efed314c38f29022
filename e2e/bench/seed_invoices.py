#!/usr/bin/env python3
"""Fills portal 1 of a CRM database with N invoices (two lines each) to N/50 clients: every
status, issued over 600 days, due 15 or 30 days later, two in three in RUB and one in three in
EUR at the day's rate; every other client private to user 1.
Usage: seed_invoices.py sqlite PATH N  or  seed_invoices.py postgres URL N."""
import sys

import seeding


def statements(dialect, n):
    clients = max(n // 50, 1)
    if dialect == "sqlite":
        seq = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {})"
        num = "printf('%07d', i)"
        issued = "date('2025-01-01', '+' || (i % 600) || ' days')"
        due = "date('2025-01-01', '+' || (i % 600 + 15 + 15 * (i % 2)) || ' days')"
        moment = "datetime('2025-01-01', '+' || (i % 600) || ' days', '+' || (i % 86400) || ' seconds')"
        rate = "CAST(95 + (i % 600) / 100.0 AS TEXT)"
        true = "1"
    else:
        seq = "WITH seq(i) AS (SELECT generate_series(1::bigint, {}))"
        num = "lpad(i::text, 7, '0')"
        issued = "date '2025-01-01' + (i % 600)::int"
        due = "date '2025-01-01' + (i % 600 + 15 + 15 * (i % 2))::int"
        moment = "timestamp '2025-01-01' + (i % 600) * interval '1 day' + (i % 86400) * interval '1 second'"
        rate = "(95 + (i % 600) / 100.0)::text"
        true = "TRUE"
    contacts = f"""{seq.format(clients)}
INSERT INTO contacts (portal_id, kind, first_name, last_name, company_name, display_name, sort_name, search_key,
  job_title, notes, industry, access, created_by, updated_by, created_at, updated_at, last_activity_at, version)
SELECT 1, 'company', '', '', 'Client ' || {num}, 'Client ' || {num}, 'client ' || {num}, 'client ' || {num},
  '', '', '', CASE WHEN i % 2 = 0 THEN 'shared_read' ELSE 'private' END, 1, 1, {moment}, {moment}, {moment}, 1
FROM seq"""
    members = """INSERT INTO record_members (portal_id, record_kind, record_id, user_id)
SELECT 1, 'contact', id, 1 FROM contacts WHERE portal_id = 1 AND access = 'private'"""
    first = "CREATE TEMP TABLE first_client AS SELECT min(id) AS id FROM contacts WHERE portal_id = 1"
    # i-th invoice: 2 lines of (i % 97 + 1) units at (i % 1000 + 1) * 100 a unit, 20 % tax on
    # the second; stored units have four decimal places, quantities three.
    invoices = f"""{seq.format(n)}
INSERT INTO invoices (portal_id, number, number_key, status, issue_date, due_date, client_id, billing_address,
  language, currency, exchange_rate, base_currency, subtotal, discount, tax, total, sent_at,
  created_by, created_at, updated_at, last_activity_at, version)
SELECT 1, 'INV-' || {num}, 'inv-' || {num},
  CASE i % 4 WHEN 0 THEN 'draft' WHEN 1 THEN 'sent' WHEN 2 THEN 'paid' ELSE 'rejected' END,
  {issued}, {due}, (SELECT id FROM first_client) + (i % {clients}), 'Moscow, Tverskaya 1',
  CASE WHEN i % 5 = 0 THEN 'en' ELSE 'ru' END,
  CASE WHEN i % 3 = 0 THEN 'EUR' ELSE 'RUB' END, CASE WHEN i % 3 = 0 THEN {rate} ELSE NULL END, 'RUB',
  2 * (i % 97 + 1) * (i % 1000 + 1) * 1000000, 0, (i % 97 + 1) * (i % 1000 + 1) * 200000,
  2 * (i % 97 + 1) * (i % 1000 + 1) * 1000000 + (i % 97 + 1) * (i % 1000 + 1) * 200000,
  CASE WHEN i % 4 = 0 THEN NULL ELSE {moment} END, 1, {moment}, {moment}, {moment}, 1
FROM seq"""
    lines = [
        f"""INSERT INTO invoice_lines (portal_id, invoice_id, position, description, quantity, price, discount,
  tax1_rate, tax1_amount, amount, net, total)
SELECT 1, id, {p}, 'Service {p} of ' || number, (id % 97 + 1) * 1000, (id % 1000 + 1) * 1000000, '0',
  {tax_rate}, {tax}, (id % 97 + 1) * (id % 1000 + 1) * 1000000, (id % 97 + 1) * (id % 1000 + 1) * 1000000,
  (id % 97 + 1) * (id % 1000 + 1) * 1000000 + {tax}
FROM invoices WHERE portal_id = 1"""
        for p, tax_rate, tax in ((0, "NULL", "0"), (1, "'20'", "(id % 97 + 1) * (id % 1000 + 1) * 200000"))
    ]
    settle = ["ANALYZE"] if dialect == "sqlite" else ["VACUUM ANALYZE", "CHECKPOINT"]
    return [contacts, members, first, invoices] + lines + settle


def main():
    dialect, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seeding.run(dialect, target, statements(dialect, n), f"{n} invoices")


if __name__ == "__main__":
    main()
