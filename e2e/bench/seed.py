#!/usr/bin/env python3
"""Fills portal 1 of a CRM database with N contacts (4/5 persons, 1/5 companies), each with an
e-mail and a phone and managed by user 1; every other one shared. Usage: seed.py sqlite PATH N
or seed.py postgres URL N."""
import subprocess
import sys
import time

FIRST = "Anna Boris Clara Denis Elena Fedor Galina Igor Kira Lev Maria Nikita Olga Pavel Rita Sergey Tatiana Yuri Zoya Ivan"


def sql(dialect, n):
    firsts = FIRST.split()
    pick = " ".join(f"WHEN {k} THEN '{name}'" for k, name in enumerate(firsts))
    if dialect == "sqlite":
        seq = f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})"
        num = "printf('%07d', i)"
        day = "datetime('2025-01-01', '+' || (i % 600) || ' days', '+' || (i % 86400) || ' seconds')"
    else:
        seq = f"WITH seq(i) AS (SELECT generate_series(1, {n}))"
        num = "lpad(i::text, 7, '0')"
        day = "timestamp '2025-01-01' + (i % 600) * interval '1 day' + (i % 86400) * interval '1 second'"
    first = f"(CASE (i % {len(firsts)}) {pick} END)"
    name = f"(CASE WHEN i % 5 = 0 THEN 'Company ' || {num} ELSE {first} || ' Lastname' || {num} END)"
    email = f"('user' || {num} || '@example' || (i % 1000) || '.com')"
    phone = f"('+7912' || {num})"
    types = "(SELECT min(id) FROM list_items WHERE portal_id = 1 AND list_kind = 'contact_types')"
    return [
        f"""{seq}
INSERT INTO contacts (portal_id, kind, first_name, last_name, company_name, display_name, sort_name, search_key,
  job_title, notes, industry, type_id, access, created_by, updated_by, created_at, updated_at, last_activity_at, version)
SELECT 1, CASE WHEN i % 5 = 0 THEN 'company' ELSE 'person' END,
  CASE WHEN i % 5 = 0 THEN '' ELSE {first} END, CASE WHEN i % 5 = 0 THEN '' ELSE 'Lastname' || {num} END,
  CASE WHEN i % 5 = 0 THEN 'Company ' || {num} ELSE '' END,
  {name}, lower({name}), lower({name} || ' ' || {email} || ' ' || {phone} || ' ' || substr({phone}, 2)),
  '', '', '', {types} + (i % 4), CASE WHEN i % 2 = 0 THEN 'shared_read' ELSE 'private' END, 1, 1, {day}, {day}, {day}, 1
FROM seq""",
        """INSERT INTO record_members (portal_id, record_kind, record_id, user_id) SELECT 1, 'contact', id, 1 FROM contacts WHERE portal_id = 1""",
    ]


def details_sql(dialect):
    # e-mail and phone are the third and fourth words of the search key
    if dialect == "sqlite":
        return [
            """DELETE FROM contact_details""",
            """INSERT INTO contact_details (portal_id, contact_id, kind, category, value, normalized, is_primary, position)
SELECT 1, id, 'email', 'work', 'user' || substr(search_key, instr(search_key, ' user') + 5, 7) || '@example' || (id % 1000) || '.com',
  'user' || substr(search_key, instr(search_key, ' user') + 5, 7) || '@example' || (id % 1000) || '.com', 1, 0 FROM contacts""",
            """INSERT INTO contact_details (portal_id, contact_id, kind, category, value, normalized, is_primary, position)
SELECT 1, id, 'phone', 'mobile', '+7912' || substr(search_key, instr(search_key, ' user') + 5, 7),
  '+7912' || substr(search_key, instr(search_key, ' user') + 5, 7), 1, 1 FROM contacts""",
            "ANALYZE",
        ]
    return [
        """DELETE FROM contact_details""",
        """INSERT INTO contact_details (portal_id, contact_id, kind, category, value, normalized, is_primary, position)
SELECT 1, id, 'email', 'work', split_part(search_key, ' ', 3), split_part(search_key, ' ', 3), TRUE, 0 FROM contacts""",
        """INSERT INTO contact_details (portal_id, contact_id, kind, category, value, normalized, is_primary, position)
SELECT 1, id, 'phone', 'mobile', split_part(search_key, ' ', 4), split_part(search_key, ' ', 4), TRUE, 1 FROM contacts""",
        # As a database that has run for a while: statistics and the visibility map settled,
        # and the bulk load's pages written out, so that the figures are not those of
        # autovacuum or a checkpoint catching up with the bulk load.
        "VACUUM ANALYZE",
        "CHECKPOINT",
    ]


def main():
    dialect, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    statements = sql(dialect, n) + details_sql(dialect)
    started = time.time()
    if dialect == "sqlite":
        import sqlite3

        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode=WAL")
        for s in statements:
            conn.execute(s)
        conn.commit()
        conn.close()
    else:
        script = ";\n".join(statements) + ";\n"
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target], input=script.encode(), check=True)
    print(f"seeded {n} contacts in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
