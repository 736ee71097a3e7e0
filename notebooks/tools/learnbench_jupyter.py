#!/usr/bin/env python3
"""Installs the learnbench Java kernel for Jupyter and executes the shipped notebooks headless.

  install  writes a kernelspec named "java" (the name IJava uses, so the notebooks open unchanged in
           either) that starts the rapaio Jupyter kernel with learnbench.jar on its class path.
  execute  runs notebooks top to bottom on a private copy of that kernelspec, keeps each executed
           notebook (with its outputs) in the output folder, and exits 1 if any cell failed.

A kernel whose start fails (the rapaio kernel loses a start-up race now and then on a busy machine) is
killed and started again, up to --start-attempts times, before the first cell runs: a start is retried,
a cell never is. Every kernel is shut down when its notebook ends, and on Linux is also bound to this
process with PR_SET_PDEATHSIG (setpriv), so no kernel outlives the run even if the runner is killed.

Needs only Debian's packages, listed in notebooks/jupyter-packages.txt.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

KERNEL_NAME = "java"
JVM_OPTIONS = ["--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"]


def kernelspec(jar, kernel_jar, root, marker=None, bind_to_parent=False, results=None):
    """The kernel.json content: java -jar <kernel> with learnbench.jar preloaded on the JShell class path."""
    argv = []
    if bind_to_parent and shutil.which("setpriv"):
        argv += [shutil.which("setpriv"), "--pdeathsig", "KILL"]
    argv += ["java"] + JVM_OPTIONS
    if marker:
        argv.append("-Dlearnbench.notebook.run=" + marker)
    argv += ["-jar", str(Path(kernel_jar).resolve()), "{connection_file}"]
    return {
        "argv": argv,
        "display_name": "Java (learnbench)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "RJK_CLASSPATH": str(Path(jar).resolve()),
            "RJK_COMPILER_OPTIONS": "--add-modules jdk.incubator.vector",
            "RJK_TIMEOUT_MILLIS": "-1",
            "LEARNBENCH_HOME": str(Path(root).resolve()),
            **({"LEARNBENCH_RESULTS": str(Path(results).resolve())} if results else {}),
        },
        "metadata": {"learnbench": True},
    }


def write_kernelspec(folder, spec):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")


def check_files(*files):
    for f in files:
        if not Path(f).is_file():
            print(f"learnbench_jupyter: {f} does not exist; build it first (./learnbench --version builds it)",
                  file=sys.stderr)
            sys.exit(2)


def install(args):
    check_files(args.jar, args.kernel_jar)
    if args.user:
        from jupyter_core.paths import jupyter_data_dir
        kernels = Path(jupyter_data_dir()) / "kernels"
    else:
        kernels = Path(args.prefix) / "kernels"
    target = kernels / args.name
    existing = target / "kernel.json"
    if existing.is_file() and not args.force:
        spec = json.loads(existing.read_text())
        if not spec.get("metadata", {}).get("learnbench"):
            print(f"learnbench_jupyter: {existing} is another Java kernel (IJava?); left alone. Point it at the "
                  f"workbench instead (see notebooks/README.md), install under another name with --name, "
                  f"or replace it with --force", file=sys.stderr)
            sys.exit(2)
    write_kernelspec(target, kernelspec(args.jar, args.kernel_jar, args.root))
    print(f"installed the Java (learnbench) kernel as '{args.name}' in {target}")


class KernelStartFailed(Exception):
    pass


def start_kernel(client, cwd, attempts, log):
    """Starts the client's kernel and proves it answers, retrying the start (never a cell)."""
    last = None
    for attempt in range(1, attempts + 1):
        client.km = client.create_kernel_manager()
        try:
            client.start_new_kernel(cwd=str(cwd))
            client.start_new_kernel_client()
            # One throw-away statement proves the JShell behind the kernel evaluates code.
            from jupyter_core.utils import run_sync
            reply = run_sync(client.kc.execute_interactive)("\"ready\"", timeout=45, store_history=False,
                                                            output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise KernelStartFailed("the readiness probe answered " + reply["content"]["status"])
            return attempt
        except Exception as e:  # noqa: BLE001 - any failure to start is retried the same way
            last = e
            log(f"  kernel start {attempt}/{attempts} failed: {type(e).__name__}: {e}")
            shutdown(client)
    raise KernelStartFailed(f"the kernel did not start in {attempts} attempts; last error: {last}")


def shutdown(client):
    km = client.km
    try:
        if client.kc is not None:
            client.kc.stop_channels()
    except Exception:  # noqa: BLE001
        pass
    client.kc = None
    if km is not None:
        try:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass
        try:
            km.cleanup_resources()
        except Exception:  # noqa: BLE001
            pass
    client.km = None


def processes_with(marker):
    """PIDs whose command line holds the marker (Linux /proc); empty elsewhere."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def execute(args):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    check_files(args.jar, args.kernel_jar)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    marker = uuid.uuid4().hex
    spec_home = Path(tempfile.mkdtemp(prefix="learnbench-jupyter-"))
    write_kernelspec(spec_home / "kernels" / KERNEL_NAME,
                     kernelspec(args.jar, args.kernel_jar, args.root, marker=marker, bind_to_parent=True,
                                results=args.results))
    # The private kernelspec comes first on the path, so "java" is ours even where IJava is installed.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(spec_home), os.environ.get("JUPYTER_PATH")]))

    def log(text):
        print(text, flush=True)

    failures = []
    report = []
    try:
        for path in [Path(p) for p in args.notebooks]:
            nb = nbformat.read(str(path), as_version=4)
            started = time.monotonic()
            client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=args.timeout, startup_timeout=10,
                                    shutdown_kernel="immediate", allow_errors=False,
                                    resources={"metadata": {"path": str(path.parent.resolve())}})
            status = "ok"
            starts = 0
            try:
                starts = start_kernel(client, path.parent.resolve(), args.start_attempts, log)
                client.execute()
            except CellTimeoutError as e:
                status = "cell timed out"
                failures.append(f"{path.name}: a cell ran longer than {args.timeout} s: {first_line(e)}")
            except CellExecutionError as e:
                status = "cell failed"
                failures.append(f"{path.name}: {failed_cell(nb)}{e}")
            except KernelStartFailed as e:
                status = "kernel did not start"
                failures.append(f"{path.name}: {e}")
            finally:
                shutdown(client)
            seconds = time.monotonic() - started
            nbformat.write(nb, str(out / path.name))
            images = sum(1 for c in nb.cells if c.cell_type == "code"
                         for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
            report.append({"notebook": path.name, "status": status, "seconds": round(seconds, 1),
                           "kernel_starts": starts, "images": images})
            log(f"{path.name}: {status} in {seconds:.1f} s ({images} image(s); kernel started on attempt {starts})")
    finally:
        shutil.rmtree(spec_home, ignore_errors=True)
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = processes_with(marker)
    if leftovers:
        failures.append(f"kernel processes outlived their notebooks: {leftovers}")
    (out / "execution.json").write_text(json.dumps({"notebooks": report, "failures": failures,
                                                   "leftover_kernels": leftovers}, indent=2) + "\n")
    for f in failures:
        print("FAILED " + f, file=sys.stderr)
    return 1 if failures else 0


def failed_cell(nb):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return f"cell {index + 1} failed:\n"
    return ""


def first_line(e):
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    here = Path(__file__).resolve().parent.parent.parent
    for name in ("install", "execute"):
        p = sub.add_parser(name)
        p.add_argument("--jar", default=str(here / "modules/distribution/target/learnbench.jar"))
        p.add_argument("--kernel-jar",
                       default=str(here / "modules/distribution/target/jupyter-kernel/rapaio-jupyter-kernel.jar"))
        p.add_argument("--root", default=str(here), help="the learnbench folder notebooks resolve paths against")
    p = sub.choices["install"]
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--user", action="store_true", help="into your Jupyter data folder")
    where.add_argument("--prefix", help="into <prefix>/kernels (add <prefix> to JUPYTER_PATH)")
    p.add_argument("--name", default=KERNEL_NAME)
    p.add_argument("--force", action="store_true", help="replace another kernel of that name")
    p = sub.choices["execute"]
    p.add_argument("--out", required=True, help="folder for the executed notebooks and execution.json")
    p.add_argument("--results", help="results folder for the notebooks' runs [the project's results/]")
    p.add_argument("--timeout", type=int, default=900, help="seconds one cell may run [900]")
    p.add_argument("--start-attempts", type=int, default=8, help="kernel starts tried per notebook [8]")
    p.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    if args.command == "install":
        install(args)
        return 0
    return execute(args)


if __name__ == "__main__":
    sys.exit(main())
