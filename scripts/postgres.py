"""Which PostgreSQL `make run` and `make test` use, and the clusters they start themselves.

The portal runs on PostgreSQL only. Without DATABASE_URL (in the environment or .env),
scripts/run.sh and scripts/test.sh ask this script, in this order, for:

1. the server on 127.0.0.1:5432, if it accepts user postgres without a password;
2. else a cluster of the checkout's own, made with the installed server binaries
   (initdb, pg_ctl; run as the postgres user when we are root, as they refuse root):
   for `make run` a lasting one in var/postgres (content and admin password survive),
   stopped when make run ends; for `make test` a throwaway one in a temporary folder.

Database names are unique to the checkout ("portal_<folder>_<hash of its path>", plus
"_test" for make test), so two checkouts on one server never share or drop each other's.

    postgres.py database-name {run,test}
    postgres.py discover {run,test}   shell assignments on stdout, messages on stderr
    postgres.py stop FOLDER [--delete]
"""

import argparse
import fcntl
import hashlib
import os
import pwd
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOST = "127.0.0.1"
LOCAL_PORT = 5432
SUPERUSER = "postgres"
# The lasting cluster of `make run` (var/ is ignored by git).
OWN_CLUSTER = ROOT / "var" / "postgres"
START_SECONDS = 60
CONNECT_SECONDS = 3
MAX_FOLDER_CHARS = 20


def say(message):
    sys.stderr.write(f"==> {message}\n")
    sys.stderr.flush()


class Refused(Exception):
    """A reason, in Vietnamese, why no PostgreSQL could be given."""


def database_name(purpose, root=ROOT):
    """Return this checkout's database name: folder name and a hash of its full path.

    "portal_i10_3fa2b1c0" for make run, "portal_i10_3fa2b1c0_test" for make test: at most
    41 characters, well under PostgreSQL's 63, so Django's "test_" and the suffixes of
    tests/portal/production.py still fit.
    """
    path = str(Path(root).resolve())
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    folder = re.sub(r"[^a-z0-9]+", "_", Path(path).name.lower()).strip("_")[:MAX_FOLDER_CHARS]
    name = f"portal_{folder or 'checkout'}_{digest}"
    return name if purpose == "run" else f"{name}_{purpose}"


def shown_url(url):
    """Return a database URL without its password, to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def accepts(port, password=None, host=LOCAL_HOST):
    """Return whether the server at host:port lets the postgres user in."""
    try:
        psycopg.connect(
            host=host,
            port=port,
            user=SUPERUSER,
            password=password,
            dbname="postgres",
            connect_timeout=CONNECT_SECONDS,
        ).close()
    except psycopg.Error:
        return False
    return True


def ensure_database(port, name, password=None):
    """Create the database `name` on the server at 127.0.0.1:port unless it exists."""
    with psycopg.connect(
        host=LOCAL_HOST,
        port=port,
        user=SUPERUSER,
        password=password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=CONNECT_SECONDS,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def database_url(port, name, password=None):
    auth = f"{SUPERUSER}:{password}" if password else SUPERUSER
    return f"postgres://{auth}@{LOCAL_HOST}:{port}/{name}"


def free_port():
    with socket.socket() as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


def as_owner(command):
    """Return `command` run as the postgres user when we are root: initdb refuses root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *command]
    return command


def owner_can_use(folder):
    """Return whether the cluster's owner may write `folder` (and reach it)."""
    if os.geteuid() != 0:
        return os.access(folder, os.W_OK | os.X_OK)
    check = subprocess.run(as_owner(["test", "-w", str(folder), "-a", "-x", str(folder)]))
    return check.returncode == 0


def give_to_owner(path):
    if os.geteuid() == 0:
        shutil.chown(path, SUPERUSER, SUPERUSER)


def server_binaries(version=None):
    """Return the folder of initdb and pg_ctl: of `version` if given, else the newest."""
    found = {}
    for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb"):
        found[initdb.parent.parent.name] = initdb.parent
    on_path = shutil.which("initdb")
    if version is not None:
        if version in found:
            return found[version]
        if on_path:
            return Path(on_path).parent
        raise Refused(
            f"Cụm PostgreSQL này được tạo bằng PostgreSQL {version} nhưng máy không có "
            f"/usr/lib/postgresql/{version}/bin: cài lại gói postgresql-{version}, hoặc xóa "
            "thư mục của cụm để tạo cụm mới (mất nội dung trong đó)."
        )
    if found:
        return found[max(found, key=lambda v: [int(p) for p in re.findall(r"\d+", v)])]
    if on_path:
        return Path(on_path).parent
    raise Refused(
        "Không có PostgreSQL: không có máy chủ nhận người dùng postgres ở 127.0.0.1:5432 và "
        "không có chương trình initdb. Cài gói postgresql (apt-get install postgresql) "
        "hoặc đặt DATABASE_URL=postgres://..."
    )


class Cluster:
    """A PostgreSQL cluster in `folder`: data/, server.log and, if lasting, a password."""

    def __init__(self, folder, *, throwaway=False):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.password_file = self.folder / "password"
        # The process (make run's shell) that started the server and stops it at its end.
        self.owner_file = self.folder / "owner"
        self.throwaway = throwaway

    @property
    def password(self):
        if self.throwaway:
            return None
        return self.password_file.read_text(encoding="utf-8").strip()

    def exists(self):
        return (self.data / "PG_VERSION").is_file()

    def bindir(self):
        version = (self.data / "PG_VERSION").read_text().strip() if self.exists() else None
        return server_binaries(version)

    def running_port(self):
        """Return the port of this cluster's running server, or None if it is stopped."""
        status = subprocess.run(
            as_owner([str(self.bindir() / "pg_ctl"), "-D", str(self.data), "status"]),
            capture_output=True,
        )
        if status.returncode != 0:
            return None
        # postmaster.pid: pid, data folder, start time, port, ... (one per line)
        return int((self.data / "postmaster.pid").read_text().splitlines()[3])

    def init(self):
        """Create the cluster: superuser postgres, 127.0.0.1 only, no Unix socket."""
        bindir = server_binaries()
        self.folder.mkdir(parents=True, exist_ok=True)
        give_to_owner(self.folder)
        command = [str(bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8"]
        if self.throwaway:
            command += ["-A", "trust", "--no-sync"]
        else:
            # A lasting cluster listens on a port any local user can reach: a password.
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(secrets.token_hex(16) + "\n")
            give_to_owner(self.password_file)
            command += ["-A", "scram-sha-256", f"--pwfile={self.password_file}"]
        result = subprocess.run(as_owner(command), capture_output=True, text=True)
        if result.returncode != 0:
            raise Refused(f"initdb thất bại:\n{result.stdout}{result.stderr}")
        settings = [
            f"listen_addresses = '{LOCAL_HOST}'",
            # A socket path under a deep checkout would pass the 107-byte limit; TCP only.
            "unix_socket_directories = ''",
        ]
        if self.throwaway:
            # Deleted when the run ends: durability buys nothing there.
            settings.append("fsync = off")
        conf = self.data / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as f:
            f.write("\n# scripts/postgres.py\n" + "\n".join(settings) + "\n")

    def start(self):
        """Start the server on a free port of 127.0.0.1 and return the port."""
        port = free_port()
        command = [
            str(self.bindir() / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(START_SECONDS),
            "-o",
            f"-p {port}",
            "start",
        ]
        result = subprocess.run(as_owner(command), capture_output=True, text=True)
        if result.returncode != 0:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise Refused(f"pg_ctl start thất bại:\n{result.stdout}{result.stderr}{tail}")
        return port

    def stop(self):
        """Stop the server, letting it finish cleanly (fast shutdown: no recovery next time).

        Return whether it is stopped.
        """
        command = [str(self.bindir() / "pg_ctl"), "-D", str(self.data), "-m", "fast"]
        subprocess.run(
            as_owner([*command, "-w", "-t", str(START_SECONDS), "stop"]),
            capture_output=True,
        )
        return self.running_port() is None

    def owner_alive(self):
        """Return whether the process that started the running server still runs."""
        try:
            os.kill(int(self.owner_file.read_text()), 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return False
        except PermissionError:
            return True  # it runs, as another user
        return True


def configured_url(purpose):
    """Return DATABASE_URL from the environment, else (make run) from .env as settings do.

    The test suite never reads .env (tests/settings.py), so make test ignores it too.
    """
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    dotenv = ROOT / ".env"
    if purpose == "run" and dotenv.is_file():
        for line in dotenv.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "DATABASE_URL" and value.strip():
                return value.strip().strip("'\"")
    return None


def lasting_cluster_folder():
    """Return the folder of make run's cluster: var/postgres, if its owner can reach it.

    When we are root in a folder the postgres user cannot enter (a checkout under /root,
    say), the cluster goes to the postgres user's home instead, named like the database.
    """
    OWN_CLUSTER.mkdir(parents=True, exist_ok=True)
    give_to_owner(OWN_CLUSTER)
    if owner_can_use(OWN_CLUSTER):
        return OWN_CLUSTER
    elsewhere = Path(pwd.getpwnam(SUPERUSER).pw_dir) / database_name("run")
    say(
        f"Người dùng {SUPERUSER} không vào được {OWN_CLUSTER} (quyền của thư mục cha), "
        f"nên cụm riêng nằm ở {elsewhere}."
    )
    return elsewhere


def discover(purpose, owner=None):
    """Return {variable: value} for the shell: DATABASE_URL, the cluster to stop, where.

    `owner` is the process that stops a cluster started here (make run's shell).
    """
    url = configured_url(purpose)
    if url:
        return described({}, f"DATABASE_URL đã đặt ({shown_url(url)})")
    name = database_name(purpose)
    forced = os.environ.get("PORTAL_OWN_CLUSTER" if purpose == "run" else "PGTEST_FORCE_THROWAWAY")
    if not forced and accepts(LOCAL_PORT):
        ensure_database(LOCAL_PORT, name)
        found = {"DATABASE_URL": database_url(LOCAL_PORT, name)}
        return described(found, f"máy chủ ở {LOCAL_HOST}:{LOCAL_PORT}, cơ sở dữ liệu {name}")
    if purpose == "run":
        return lasting_cluster(name, owner or os.getppid())
    return throwaway_cluster(name)


def shown_path(path):
    """Return `path` relative to the checkout when it is inside it (var/postgres)."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def described(found, where):
    """Return `found` with PORTAL_PG_WHERE, the sentence that says which database, printed."""
    say(f"PostgreSQL: {where}")
    return {**found, "PORTAL_PG_WHERE": where}


def lasting_cluster(name, owner):
    """Start make run's cluster, or reuse it if it runs; `owner` stops what it started.

    A server left running by a make run that was killed (no EXIT trap) is adopted: the new
    make run stops it at its end. One that another make run still serves is only shared.
    """
    folder = lasting_cluster_folder()
    cluster = Cluster(folder)
    # Two make run in one checkout at once must not both create or start it.
    with open(OWN_CLUSTER.parent / "postgres.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cluster.exists():
            say(f"Tạo cụm PostgreSQL riêng của bản sao này ở {shown_path(folder)} (chỉ lần đầu)")
            cluster.init()
        port = cluster.running_port()
        started = port is None
        if started:
            port = cluster.start()
        ours = started or not cluster.owner_alive()
        try:
            ensure_database(port, name, cluster.password)
        except BaseException:
            if started:
                cluster.stop()
            raise
        if ours:
            cluster.owner_file.write_text(f"{owner}\n")
    version = (cluster.data / "PG_VERSION").read_text().strip()
    if started:
        state = "vừa khởi động"
    elif ours:
        state = "còn chạy từ lần trước, dùng lại"
    else:
        state = "một make run khác đang dùng, dùng chung"
    found = {"DATABASE_URL": database_url(port, name, cluster.password)}
    if ours:
        found["PORTAL_PG_CLUSTER"] = str(folder)
    return described(
        found,
        f"cụm riêng {shown_path(folder)} (PostgreSQL {version}, {state}) ở {LOCAL_HOST}:{port}, "
        f"cơ sở dữ liệu {name}",
    )


def throwaway_cluster(name):
    folder = Path(tempfile.mkdtemp(prefix="portal-pgtest."))
    cluster = Cluster(folder, throwaway=True)
    try:
        cluster.init()
        port = cluster.start()
        ensure_database(port, name)
    except BaseException:
        stop(folder, delete=True)
        raise
    found = {
        "DATABASE_URL": database_url(port, name),
        "PORTAL_PG_CLUSTER": str(folder),
        "PORTAL_PG_DELETE": "1",
    }
    return described(found, f"cụm tạm ({cluster.bindir()}) ở {folder}, cổng {port}")


def stop(folder, delete=False):
    """Stop the cluster in `folder` (if it runs) and return whether it is stopped.

    With `delete`, the folder is removed too.
    """
    cluster = Cluster(folder)
    stopped = cluster.stop() if cluster.exists() else True
    cluster.owner_file.unlink(missing_ok=True)
    if delete:
        shutil.rmtree(folder, ignore_errors=True)
    return stopped


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("database-name").add_argument("purpose", choices=["run", "test"])
    discover_parser = commands.add_parser("discover")
    discover_parser.add_argument("purpose", choices=["run", "test"])
    discover_parser.add_argument("--owner", type=int, help="the process that stops the cluster")
    stop_parser = commands.add_parser("stop")
    stop_parser.add_argument("folder")
    stop_parser.add_argument("--delete", action="store_true")
    args = parser.parse_args(argv)

    if args.command == "database-name":
        sys.stdout.write(database_name(args.purpose) + "\n")
    elif args.command == "discover":
        try:
            found = discover(args.purpose, args.owner)
        except Refused as reason:
            sys.stderr.write(f"{reason}\n")
            return 1
        for key, value in found.items():
            sys.stdout.write(f"export {key}={shlex.quote(value)}\n")
    else:
        shown = shown_path(Path(args.folder).resolve())
        if not stop(args.folder, delete=args.delete):
            sys.stderr.write(f"Không dừng được cụm PostgreSQL {shown}: xem {shown}/server.log\n")
            return 1
        if not args.delete:
            say(f"Đã dừng cụm PostgreSQL {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
