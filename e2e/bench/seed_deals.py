#!/usr/bin/env python3
"""Fills portal 1 of a CRM database with N deals in 3 pipelines (the seeded one and two copies
of its stages), spread over every stage, in RUB and EUR, one in ten restricted to user 1.
Usage: seed_deals.py sqlite PATH N  or  seed_deals.py postgres URL N."""
import sys

import seeding


def statements(dialect, n):
    if dialect == "sqlite":
        seq = f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})"
        num = "printf('%07d', i)"
        day = "datetime('2025-01-01', '+' || (i % 600) || ' days', '+' || (i % 86400) || ' seconds')"
        close = "date('2026-01-01', '+' || (i % 400) || ' days')"
    else:
        seq = f"WITH seq(i) AS (SELECT generate_series(1, {n}))"
        num = "lpad(i::text, 7, '0')"
        day = "timestamp '2025-01-01' + (i % 600) * interval '1 day' + (i % 86400) * interval '1 second'"
        close = "date '2026-01-01' + (i % 400)"
    copies = []
    for k in (2, 3):
        copies += [
            f"""INSERT INTO pipelines (portal_id, name, sort_name, position, created_at, updated_at, version)
SELECT 1, 'Pipeline {k}', 'pipeline {k}', {k}, created_at, updated_at, 1 FROM pipelines WHERE id = 1""",
            f"""INSERT INTO deal_stages (portal_id, pipeline_id, name, sort_name, description, color, probability,
  status, position, created_at, updated_at, version)
SELECT 1, (SELECT max(id) FROM pipelines), name, sort_name, description, color, probability, status, position,
  created_at, updated_at, 1 FROM deal_stages WHERE pipeline_id = 1""",
        ]
    # Stage k of all 27 in id order: deal i goes to the (i % 27)-th stage.
    order = """CREATE TEMP TABLE stage_order AS
SELECT id, pipeline_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM deal_stages WHERE portal_id = 1"""
    deals = f"""{seq}
INSERT INTO deals (portal_id, title, sort_title, description, contact_id, responsible_id, pipeline_id, stage_id,
  probability, currency, amount, bid_type, periods, value, expected_close_on, actual_close_on, access,
  created_by, updated_by, created_at, updated_at, last_activity_at, version)
SELECT 1, 'Deal ' || {num}, 'deal ' || {num}, '', NULL, 1, so.pipeline_id, so.id, 50,
  CASE WHEN i % 3 = 0 THEN 'EUR' ELSE 'RUB' END, (i % 1000 + 1) * 10000, 'fixed', 1, (i % 1000 + 1) * 10000,
  {close}, NULL, CASE WHEN i % 10 = 0 THEN 'private' ELSE 'shared_write' END, 1, 1, {day}, {day}, {day}, 1
FROM seq JOIN stage_order so ON so.k = i % 27"""
    members = """INSERT INTO record_members (portal_id, record_kind, record_id, user_id)
SELECT 1, 'deal', id, 1 FROM deals WHERE access = 'private'"""
    return copies + [order, deals, members, "ANALYZE"]


def main():
    dialect, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seeding.run(dialect, target, statements(dialect, n), f"{n} deals")


if __name__ == "__main__":
    main()
