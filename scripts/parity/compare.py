"""PyTorch side of lmdojo's parity check (as llm.c's test_gpt2 does).

    /usr/bin/python3 scripts/parity/compare.py DIR            # after export.ts wrote DIR
    /usr/bin/python3 scripts/parity/compare.py DIR --time     # timing mode, prints one JSON line

Reads DIR/weights.safetensors (lmdojo's GPT, config in __metadata__.config) and
DIR/batch.safetensors (ids, targets, run hyperparameters in __metadata__.run), then in
float32 on the CPU:
  1. logits, loss and every parameter gradient of the first forward/backward pass;
  2. run["steps"] training steps on the same batch: zero grads, forward, backward, record
     the loss, clip the global grad norm to run["gradClip"], AdamW step. AdamW is
     torch.optim.AdamW with nanoGPT's two groups (tensors with dim >= 2 decay, others not)
     and a constant learning rate.
Writes DIR/expected.safetensors (logits, loss, grad.<name>, losses; F32). If
DIR/lmdojo.safetensors exists (export.ts writes it), prints the largest differences and
whether they are within the tolerances below.

Tolerances (each relative to the largest |value| of the reference tensor), a few times
what the kernels achieve on the baby config (scripts/parity/README.md, Measured):
  logits, loss:       max|lmdojo - torch| <= 1e-6 * max|torch|
  each gradient:      max|lmdojo - torch| <= 5e-6 * max|torch|
  each step's loss:   |lmdojo - torch|    <= 1e-6 * |torch|

There is no safetensors package here, so the format is read and written with struct/json
(8-byte little-endian header length, JSON header, raw little-endian data).
"""

import json
import os
import struct
import sys
import time

import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import Gpt, GptConfig  # noqa: E402

DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64}
TOLERANCES = {"logits": 1e-6, "loss": 1e-6, "grad": 5e-6, "losses": 1e-6}


def read_safetensors(path):
    """Returns ({name: numpy array}, metadata dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n :]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[info["dtype"]]).newbyteorder("<"))
        tensors[name] = array.reshape(info["shape"]).copy()
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """tensors: {name: float32 numpy array}, written in the given order."""
    header = {"__metadata__": metadata} if metadata else {}
    chunks, offset = [], 0
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        chunks.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # pad so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load_model(directory):
    weights, meta = read_safetensors(os.path.join(directory, "weights.safetensors"))
    c = json.loads(meta["config"])
    defaults = {"norm": "layernorm", "positions": "learned", "qkNorm": False, "tiedHead": True, "zLoss": 0, "dropout": 0}
    for key, value in defaults.items():
        if c[key] != value:
            sys.exit(f"gpt.py implements nanoGPT's defaults only; config has {key}={c[key]!r} (needs {value!r})")
    # A config written without an activation comes from a model with the tanh form.
    activation = c.get("activation", "gelu_tanh")
    if activation not in ("gelu", "gelu_tanh"):
        sys.exit(f"unknown activation {activation!r} (needs 'gelu' or 'gelu_tanh')")
    config = GptConfig(c["vocabSize"], c["blockSize"], c["nLayer"], c["nHead"], c["nEmbd"], c["bias"], activation)
    model = Gpt(config)
    params = dict(model.named_parameters())  # the tied head is listed once, as transformer.wte.weight
    if set(params) != set(weights):
        sys.exit(f"weights and model disagree: only in file {set(weights) - set(params)}, only in model {set(params) - set(weights)}")
    with torch.no_grad():
        for name, p in params.items():
            p.copy_(torch.from_numpy(weights[name]))
    return model


def load_batch(directory):
    batch, meta = read_safetensors(os.path.join(directory, "batch.safetensors"))
    return torch.from_numpy(batch["ids"]).long(), torch.from_numpy(batch["targets"]).long(), json.loads(meta["run"])


def make_optimizer(model, run):
    # nanoGPT's configure_optimizers: weight decay on tensors with 2+ dimensions only.
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": run["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=run["lr"], betas=(run["beta1"], run["beta2"]), eps=run["eps"])


def train_step(model, optimizer, ids, targets, run):
    optimizer.zero_grad(set_to_none=True)
    logits, loss = model(ids, targets)
    loss.backward()
    return logits, loss


def run_torch(model, ids, targets, run):
    optimizer = make_optimizer(model, run)
    losses, first = [], None
    for _ in range(run["steps"]):
        logits, loss = train_step(model, optimizer, ids, targets, run)
        losses.append(loss.item())
        if first is None:  # copy before clipping and the update change them
            grads = {f"grad.{name}": p.grad.detach().numpy().copy() for name, p in model.named_parameters()}
            first = {"logits": logits.detach().numpy().copy(), "loss": np.array(loss.item(), dtype=np.float32), **grads}
        if run["gradClip"] > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), run["gradClip"])
        optimizer.step()
    return {**first, "losses": np.array(losses, dtype=np.float32)}


def report(expected, actual):
    """Prints max differences; returns True when every one is within TOLERANCES."""
    ok = True

    def check(label, names, tolerance, per_element=False):
        nonlocal ok
        worst_abs, worst_rel, worst_name = 0.0, 0.0, ""
        for name in names:
            a = actual[name].astype(np.float64)
            b = expected[name].astype(np.float64)
            diff = np.abs(a - b)
            scale = np.abs(b) if per_element else np.max(np.abs(b))
            rel = float(np.max(diff / np.maximum(scale, 1e-30)))
            if rel >= worst_rel:
                worst_rel, worst_name = rel, name
            worst_abs = max(worst_abs, float(np.max(diff)))
        passed = worst_rel <= tolerance
        ok = ok and passed
        where = f" (worst: {worst_name})" if len(names) > 1 else ""
        print(f"  {label:<22} max abs diff {worst_abs:.3e}  max rel diff {worst_rel:.3e}  tol {tolerance:g}  {'ok' if passed else 'FAIL'}{where}")

    grads = [name for name in expected if name.startswith("grad.")]
    check("logits", ["logits"], TOLERANCES["logits"])
    check("loss", ["loss"], TOLERANCES["loss"])
    check(f"gradients ({len(grads)} tensors)", grads, TOLERANCES["grad"])
    check(f"losses ({len(expected['losses'])} steps)", ["losses"], TOLERANCES["losses"], per_element=True)
    print(f"  losses torch : {' '.join(f'{x:.6f}' for x in expected['losses'])}")
    print(f"  losses lmdojo: {' '.join(f'{x:.6f}' for x in actual['losses'])}")
    return ok


def time_steps(model, ids, targets, run, repeats=5):
    """Median seconds of forward + backward + AdamW step, after one warm-up step."""
    optimizer = make_optimizer(model, run)
    seconds = []
    for i in range(repeats + 1):
        start = time.perf_counter()
        train_step(model, optimizer, ids, targets, run)
        optimizer.step()
        if i > 0:
            seconds.append(time.perf_counter() - start)
    return sorted(seconds)[len(seconds) // 2]


def main(argv):
    if not argv or argv[0].startswith("--"):
        sys.exit(__doc__)
    directory = argv[0]
    torch.manual_seed(0)
    model = load_model(directory)
    ids, targets, run = load_batch(directory)
    if "--time" in argv:
        # Debian's torch starts with one thread here. Two threads measured slower on this
        # 2-core machine (about 9,000 vs 14,200 tokens/s on the baby GPT), so we keep one.
        seconds = time_steps(model, ids, targets, run)
        tokens = run["B"] * run["T"]
        print(json.dumps({"name": "train-step/pytorch", "threads": torch.get_num_threads(), "seconds": seconds, "tokens_per_s": tokens / seconds}))
        return
    expected = run_torch(model, ids, targets, run)
    write_safetensors(os.path.join(directory, "expected.safetensors"), expected, {"torch": torch.__version__, "dtype": "float32"})
    print(f"wrote {directory}/expected.safetensors (torch {torch.__version__}): loss {float(expected['loss']):.6f}")
    lmdojo_path = os.path.join(directory, "lmdojo.safetensors")
    if os.path.exists(lmdojo_path):
        actual, _ = read_safetensors(lmdojo_path)
        print("lmdojo vs PyTorch:")
        if not report(expected, actual):
            sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
