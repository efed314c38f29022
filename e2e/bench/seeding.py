"""Runs a seeding script on the bench database: `sqlite3` or `psql`, stopping at the first
error, and says how long it took."""
import subprocess
import sys
import time


def run(dialect, target, statements, what):
    started = time.time()
    script = ";\n".join(statements) + ";\n"
    if dialect == "sqlite":
        subprocess.run(["sqlite3", target], input=script.encode(), check=True)
    else:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target], input=script.encode(), check=True)
    print(f"seeded {what} in {time.time() - started:.1f} s", file=sys.stderr)
