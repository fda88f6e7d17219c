"""Runs a kata solution on the judge's cases, inside the sandbox.

The judge writes one JSON object to stdin: {"file", "functions", "torch", "cases": [{"fn", "args"}]}.
This harness loads solution.py, calls the named function on each case and writes one JSON
line per event to file descriptor 3: {"event": "ready"} before the solution is loaded,
{"event": "loaded"}, then {"event": "case", ...} per case, then {"event": "done"}. The solution's own prints go to stdout and stderr, which the
judge shows but never reads results from. Expected outputs never enter the sandbox: the
judge compares on its side.

Before the solution is loaded, an audit hook (PEP 578) refuses what a kata never needs:
files outside the working folder (reading is allowed under Python's own installation),
processes, sockets, ctypes, and libraries that would do the kata for you.
"""
import base64
import json
import math
import os
import sys
import time
import traceback
import types

RESULTS = os.fdopen(3, "w", encoding="utf-8", buffering=1)


def emit(event, **fields):
    RESULTS.write(json.dumps({"event": event, **fields}, allow_nan=False) + "\n")


try:
    import numpy as np
except ImportError:
    emit("no-numpy")
    sys.exit(0)

REQUEST = json.load(sys.stdin)
SOLUTION = REQUEST["file"]
violations = []


def make_audit_hook():
    """The hook, with everything it consults captured here, out of the solution's reach."""
    here = os.path.realpath(os.getcwd())
    readable = tuple(sorted({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})) + (here,)
    writable = (here,)
    denied_modules = ("ctypes", "_ctypes", "cffi", "multiprocessing", "subprocess", "_posixsubprocess", "socket", "_socket", "scipy", "sklearn", "jax", "tensorflow", "numba")
    if not REQUEST.get("torch"):
        denied_modules += ("torch",)
    denied_events = {
        "os.system": "running a shell command",
        "subprocess.Popen": "starting a process",
        "os.posix_spawn": "starting a process",
        "os.exec": "replacing the process",
        "os.spawn": "starting a process",
        "os.fork": "forking",
        "os.forkpty": "forking",
        "os.kill": "signalling a process",
        "os.killpg": "signalling a process",
        "os.chdir": "changing the working folder",
        "os.link": "linking a file",
        "os.symlink": "linking a file",
        "socket.connect": "opening a network connection",
        "socket.bind": "opening a network socket",
        "ctypes.dlopen": "loading a native library",
    }
    path_events = {"os.listdir": readable, "os.scandir": readable, "os.remove": writable, "os.rename": writable, "os.rmdir": writable, "os.mkdir": writable, "os.chmod": writable, "shutil.rmtree": writable}
    record = violations.append
    realpath, fsdecode, sep = os.path.realpath, os.fsdecode, os.sep
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def inside(path, roots):
        try:
            real = realpath(fsdecode(path))
        except (TypeError, ValueError):
            return False
        return any(real == root or real.startswith(root + sep) for root in roots)

    def refuse(what):
        record(what)
        raise PermissionError(f"the kata sandbox refused {what}")

    def audit(event, args):
        if event == "open":
            path, mode, flags = args
            if path is None or isinstance(path, int):
                return
            writes = (mode is not None and any(c in str(mode) for c in "wax+")) or bool((flags or 0) & write_flags)
            if not inside(path, writable if writes else readable):
                refuse(f"{'writing' if writes else 'reading'} {fsdecode(path)} (outside the kata's folder)")
        elif event in path_events:
            path = args[0] if args else "."
            if path is not None and not isinstance(path, int) and not inside(path, path_events[event]):
                refuse(f"{event} on {fsdecode(path)} (outside the kata's folder)")
        elif event == "import":
            module = args[0] or ""
            if any(module == m or module.startswith(m + ".") for m in denied_modules):
                # Not a violation, and a ModuleNotFoundError, so that code with an ImportError fallback still runs.
                raise ModuleNotFoundError(f"the kata sandbox refused importing {module}: this kata is done with NumPy and the standard library")
        elif event in denied_events:
            refuse(denied_events[event])

    return audit


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "$f" in value:
            return float(value["$f"])
        if "$nd" in value:
            raw = value["$nd"]
            array = np.frombuffer(base64.b64decode(raw["b64"]), dtype="<f8").reshape(raw["shape"]).copy()
            return array.astype({"f64": np.float64, "i64": np.int64, "bool": np.bool_}[raw["dtype"]])
        if "$map" in value:
            return {k: decode(v) for k, v in value["$map"].items()}
    return value


def encode_float(x):
    return x if math.isfinite(x) else {"$f": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def encode(value):
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # a PyTorch tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        if value.dtype == np.bool_:
            dtype = "bool"
        elif np.issubdtype(value.dtype, np.integer):
            dtype = "i64"
        elif np.issubdtype(value.dtype, np.floating):
            dtype = "f64"
        else:
            raise TypeError(f"returned an array of dtype {value.dtype}; return numbers")
        data = np.ascontiguousarray(value, dtype="<f8").tobytes()
        return {"$nd": {"dtype": dtype, "shape": list(value.shape), "b64": base64.b64encode(data).decode("ascii")}}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return encode_float(value)
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": {str(k): encode(v) for k, v in value.items()}}
    raise TypeError(f"returned a {type(value).__name__}; return numbers, arrays, lists or dicts")


def solution_line(tb):
    """The last line of the solution that the traceback passes through."""
    lines = [frame.lineno for frame in traceback.extract_tb(tb) if frame.filename == SOLUTION]
    return lines[-1] if lines else None


def describe(error):
    return {"type": type(error).__name__, "message": str(error)[:500], "line": solution_line(error.__traceback__), "refused": list(violations)}


def main():
    with open(SOLUTION, encoding="utf-8") as f:
        source = f.read()
    if "testing" in source:
        # numpy.testing imports subprocess, which solutions may not: load it before the guard
        # (only then: it costs about 50 ms).
        import numpy.testing  # noqa: F401
    sys.addaudithook(make_audit_hook())
    emit("ready")
    module = types.ModuleType("solution")
    module.__file__ = SOLUTION
    sys.modules["solution"] = module
    try:
        code = compile(source, SOLUTION, "exec")
    except SyntaxError as error:
        emit("load-error", kind="syntax", type="SyntaxError", message=error.msg, line=error.lineno, refused=[])
        return
    started = time.perf_counter()
    try:
        exec(code, module.__dict__)
    except BaseException as error:  # noqa: BLE001 - anything the solution raises while loading
        emit("load-error", kind="exception", **describe(error))
        return
    load_ms = (time.perf_counter() - started) * 1000
    missing = [name for name in REQUEST["functions"] if not callable(getattr(module, name, None))]
    if missing:
        emit("load-error", kind="missing-function", type="NameError", message=f"no function {missing[0]} in {SOLUTION}", line=None, refused=[])
        return
    emit("loaded", ms=load_ms)
    for index, case in enumerate(REQUEST["cases"]):
        violations.clear()
        args = decode(case["args"])
        started = time.perf_counter()
        try:
            value = getattr(module, case["fn"])(*args)
            ms = (time.perf_counter() - started) * 1000
            emit("case", index=index, ok=True, value=encode(value), ms=ms, refused=list(violations))
        except RecursionError as error:
            emit("case", index=index, ok=False, ms=(time.perf_counter() - started) * 1000, error=describe(error))
        except BaseException as error:  # noqa: BLE001 - report it and go on to the next case
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                emit("case", index=index, ok=False, ms=0, error={"type": type(error).__name__, "message": "the solution tried to exit", "line": solution_line(error.__traceback__), "refused": []})
                break
            emit("case", index=index, ok=False, ms=(time.perf_counter() - started) * 1000, error=describe(error))
    emit("done")


main()
