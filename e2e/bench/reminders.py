#!/usr/bin/env python3
"""Reminder delivery benchmark helper. `reminders.py seed sqlite|postgres TARGET N START SPREAD`
adds N open tasks of user 1 whose 5-minute reminders fall due within SPREAD seconds (60: one
minute; 1: all at once) from START (UTC, 'YYYY-MM-DD HH:MM:SS'). `reminders.py wait sqlite|postgres TARGET N` waits until all N
were delivered and prints how late the last one was and whether each was delivered once."""
import sqlite3
import subprocess
import sys
import time


def run_sql(dialect, target, statement):
    if dialect == "sqlite":
        conn = sqlite3.connect(target, timeout=30)
        rows = conn.execute(statement).fetchall()
        conn.commit()
        conn.close()
        return rows
    out = subprocess.run(["psql", "-qAt", "-F", "|", "-v", "ON_ERROR_STOP=1", target, "-c", statement],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("|")) for line in out.splitlines() if line]


def seed(dialect, target, n, start, spread):
    if dialect == "sqlite":
        seq = f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})"
        due = f"datetime('{start}', '+' || (i % {spread}) || ' seconds')"
        deadline = f"datetime('{start}', '+' || (i % {spread} + 300) || ' seconds')"
    else:
        seq = f"WITH seq(i) AS (SELECT generate_series(1, {n}))"
        due = f"timestamp '{start}' + (i % {spread}) * interval '1 second'"
        deadline = f"timestamp '{start}' + (i % {spread} + 300) * interval '1 second'"
    category = "(SELECT min(id) FROM list_items WHERE portal_id = 1 AND list_kind = 'task_categories')"
    run_sql(dialect, target, f"""{seq}
INSERT INTO tasks (portal_id, title, sort_title, description, category_id, responsible_id, deadline, reminder,
  remind_at, created_by, created_at, updated_at, version)
SELECT 1, 'Task ' || i, 'task ' || i, '', {category}, 1, {deadline}, '5m', {due}, 1, {due}, {due}, 1 FROM seq""")


def wait(dialect, target, n):
    started = time.time()
    while True:
        done = int(run_sql(dialect, target, "SELECT count(*) FROM tasks WHERE reminded_at IS NOT NULL")[0][0])
        if done >= n or time.time() - started > 600:
            break
        time.sleep(0.5)
    if dialect == "sqlite":
        late = "max((julianday(reminded_at) - julianday(datetime(deadline, '-300 seconds'))) * 86400)"
        span = "(julianday(max(reminded_at)) - julianday(min(datetime(deadline, '-300 seconds')))) * 86400"
    else:
        late = "max(extract(epoch FROM reminded_at - (deadline - interval '300 seconds')))"
        span = "extract(epoch FROM max(reminded_at) - min(deadline - interval '300 seconds'))"
    (lateness, whole), = run_sql(dialect, target, f"SELECT {late}, {span} FROM tasks")
    (notes, distinct), = run_sql(dialect, target,
        "SELECT count(*), count(DISTINCT params) FROM notifications WHERE kind = 'task_reminder'")
    print(f"delivered {done} of {n}; {notes} notifications, {distinct} distinct")
    print(f"from the first reminder due to the last delivered: {float(whole):.1f} s; "
          f"latest delivery after its due time: {float(lateness):.1f} s")


def main():
    cmd, dialect, target, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if cmd == "seed":
        seed(dialect, target, n, sys.argv[5], int(sys.argv[6]))
    else:
        wait(dialect, target, n)


if __name__ == "__main__":
    main()
