"""PyTorch's side of scripts/bench: the same dense network, data, optimizer, batch size and epochs as the job file,
trained on the CPU in one process. Called by EpochBenchmark with a JSON description of the job; prints one JSON line:
{"torch": version, "threads": n, "epoch_seconds": [...], "test_accuracy": a}.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch


def idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def keras_optimizer(job, parameters):
    """The job's optimizer with Keras' defaults (RMSprop's rho 0.9, epsilon 1e-7)."""
    return {
        "rmsprop": lambda p: torch.optim.RMSprop(p, lr=job["lr"], alpha=0.9, eps=1e-7),
        "adam": lambda p: torch.optim.Adam(p, lr=job["lr"], eps=1e-7),
        "sgd": lambda p: torch.optim.SGD(p, lr=job["lr"]),
    }[job["optimizer"]](parameters)


def main():
    job = json.loads(sys.argv[1])
    torch.manual_seed(job["seed"])
    scale = job["scale"]
    x_train = torch.tensor(idx(job["train_images"]).reshape(-1, job["input"]), dtype=torch.float32) / scale
    y_train = torch.tensor(idx(job["train_labels"]), dtype=torch.long)
    x_test = torch.tensor(idx(job["test_images"]).reshape(-1, job["input"]), dtype=torch.float32) / scale
    y_test = torch.tensor(idx(job["test_labels"]), dtype=torch.long)

    layers, width = [], job["input"]
    for units, activation in job["layers"]:
        layers.append(torch.nn.Linear(width, units))
        if activation == "relu":
            layers.append(torch.nn.ReLU())
        width = units
    model = torch.nn.Sequential(*layers)  # the last softmax is inside CrossEntropyLoss
    optimizer = keras_optimizer(job, model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()

    seconds = []
    generator = torch.Generator().manual_seed(job["seed"])
    for _ in range(job["epochs"]):
        start = time.perf_counter()
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(0, len(order), job["batch"]):
            batch = order[i:i + job["batch"]]
            optimizer.zero_grad()
            loss_fn(model(x_train[batch]), y_train[batch]).backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "epoch_seconds": seconds,
                      "test_accuracy": accuracy}))


if __name__ == "__main__":
    main()
