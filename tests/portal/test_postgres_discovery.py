"""scripts/postgres.py: which PostgreSQL make run and make test use, and make run's cluster.

The cluster test makes a real cluster from the installed server binaries in a temporary
folder (as the postgres user when the suite runs as root), never touching the machine's
own server or the checkout's var/postgres.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from scripts import postgres
from tests.conftest import in_ci

PG_IDENTIFIER_MAX = 63


def test_database_names_differ_between_checkouts_and_fit_postgresql():
    """Two checkouts get two names, stable, valid identifiers even with Django's prefix."""
    first = postgres.database_name("run", root="/srv/cong-thong-tin/Bản sao 1")
    second = postgres.database_name("run", root="/home/bientap/cong-thong-tin/Bản sao 1")
    assert first != second
    assert first == postgres.database_name("run", root="/srv/cong-thong-tin/Bản sao 1")
    assert first.startswith("portal_b_n_sao_1_")
    test_name = postgres.database_name("test", root="/srv/" + "x" * 200)
    assert test_name.endswith("_test")
    assert len(f"test_{test_name}_gunicorn") <= PG_IDENTIFIER_MAX
    assert all(c.isalnum() or c == "_" for c in first + test_name)


def test_make_test_and_make_run_use_different_databases():
    """The suite never migrates, flushes or drops the demo that make run keeps."""
    assert postgres.database_name("run") != postgres.database_name("test")


def test_database_url_wins(monkeypatch):
    """With DATABASE_URL set nothing is looked for or started, and its password is hidden."""
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:bi-mat@db.example:5432/cong_tt")
    found = postgres.discover("run")
    assert "DATABASE_URL" not in found and "PORTAL_PG_CLUSTER" not in found
    assert "bi-mat" not in found["PORTAL_PG_WHERE"]
    assert "db.example:5432/cong_tt" in found["PORTAL_PG_WHERE"]


@pytest.fixture
def own_cluster_folder(monkeypatch):
    """Return where make run's cluster goes for this test: a temporary var/postgres."""
    try:
        postgres.server_binaries()
    except postgres.Refused:
        if in_ci():
            pytest.fail("CI=true nhưng không có initdb: cài gói postgresql")
        pytest.skip("không có initdb (apt-get install postgresql)")
    checkout = Path(tempfile.mkdtemp(prefix="portal-own-cluster."))
    # The postgres user must reach the folder, as it does a checkout under /srv or /home.
    checkout.chmod(0o755)
    folder = checkout / "var" / "postgres"
    monkeypatch.setattr(postgres, "OWN_CLUSTER", folder)
    monkeypatch.setenv("PORTAL_OWN_CLUSTER", "1")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield folder
    postgres.stop(folder)
    shutil.rmtree(checkout, ignore_errors=True)


def query(url, sql):
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        return conn.execute(sql).fetchall() if sql.startswith("SELECT") else conn.execute(sql)


def test_make_run_cluster_is_reused_and_keeps_its_content(own_cluster_folder):
    """Started once, reused while it runs, stopped cleanly, and its rows survive a restart."""
    first = postgres.discover("run", owner=os.getpid())
    assert first["PORTAL_PG_CLUSTER"] == str(own_cluster_folder)
    assert postgres.database_name("run") in first["DATABASE_URL"]
    query(first["DATABASE_URL"], "CREATE TABLE ghi_chu (noi_dung text)")
    query(first["DATABASE_URL"], "INSERT INTO ghi_chu VALUES ('còn đây')")

    # A second make run while the first one serves: the same server, not its to stop.
    again = postgres.discover("run", owner=os.getppid())
    assert again["DATABASE_URL"] == first["DATABASE_URL"]
    assert "PORTAL_PG_CLUSTER" not in again

    assert postgres.stop(own_cluster_folder)
    with pytest.raises(psycopg.OperationalError):
        query(first["DATABASE_URL"], "SELECT 1")
    later = postgres.discover("run", owner=os.getpid())
    assert later["PORTAL_PG_CLUSTER"] == str(own_cluster_folder)
    assert query(later["DATABASE_URL"], "SELECT noi_dung FROM ghi_chu") == [("còn đây",)]
    log = (own_cluster_folder / "server.log").read_text()
    assert "database system is shut down" in log
    assert "was interrupted" not in log  # a clean stop: no crash recovery on restart


def test_a_cluster_left_running_by_a_killed_make_run_is_adopted(own_cluster_folder):
    """The next make run stops a server whose make run died without stopping it."""
    killed = subprocess.Popen(["true"])  # a make run's shell that has ended
    killed.wait()
    first = postgres.discover("run", owner=killed.pid)
    assert first["PORTAL_PG_CLUSTER"] == str(own_cluster_folder)
    next_run = postgres.discover("run", owner=os.getpid())
    assert next_run["DATABASE_URL"] == first["DATABASE_URL"]
    assert next_run["PORTAL_PG_CLUSTER"] == str(own_cluster_folder)


def test_make_run_cluster_needs_its_password(own_cluster_folder):
    """The lasting cluster listens on 127.0.0.1 with a password, not trust."""
    found = postgres.discover("run", owner=os.getpid())
    port = int(found["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0])
    assert not postgres.accepts(port)
    assert postgres.accepts(port, password=postgres.Cluster(own_cluster_folder).password)
    assert os.stat(own_cluster_folder / "password").st_mode & 0o077 == 0
