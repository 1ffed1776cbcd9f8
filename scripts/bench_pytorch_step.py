"""PyTorch's side of the local-step rows of scripts/bench: one mini-batch of the job's network (dense, conv2d,
max/average pooling, flatten, dropout), optimizer and batch size, on random data of the job's input shape, on the
CPU threads OMP_NUM_THREADS gives. Called by LocalStepBenchmark with a JSON description; prints one JSON line:
{"torch": version, "threads": n, "ms_per_batch": [median of each repeat]}.
"""
import json
import sys
import time

import torch

from bench_pytorch import keras_optimizer


def model(job):
    dims = job["input"]
    shape = [dims[2], dims[0], dims[1]] if len(dims) == 3 else [dims[0]]
    layers = []
    for layer in job["layers"]:
        kind = layer["type"]
        if kind == "conv2d":
            layers.append(torch.nn.Conv2d(shape[0], layer["filters"], layer["kernel"], layer["stride"],
                                          padding=0 if layer["padding"] == "valid" else "same"))
            shape = list(layers[-1](torch.zeros([1] + shape)).shape[1:])
        elif kind in ("max_pooling2d", "average_pooling2d"):
            pool = torch.nn.MaxPool2d if kind == "max_pooling2d" else torch.nn.AvgPool2d
            layers.append(pool(layer["pool"], layer["stride"]))
            shape = list(layers[-1](torch.zeros([1] + shape)).shape[1:])
        elif kind == "flatten":
            layers.append(torch.nn.Flatten())
            shape = [int(torch.tensor(shape).prod())]
        elif kind == "dropout":
            layers.append(torch.nn.Dropout(layer["rate"]))
        elif kind == "dense":
            layers.append(torch.nn.Linear(shape[0], layer["units"]))
            shape = [layer["units"]]
        if layer.get("activation") == "relu":
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers), shape[0]  # the last softmax is inside CrossEntropyLoss


def main():
    job = json.loads(sys.argv[1])
    torch.manual_seed(job["seed"])
    net, classes = model(job)
    optimizer = keras_optimizer(job, net.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    dims = job["input"]
    shape = [dims[2], dims[0], dims[1]] if len(dims) == 3 else dims
    batches = [(torch.rand([job["batch"]] + shape), torch.randint(0, classes, [job["batch"]]))
               for _ in range(job["steps"])]

    def run():
        start = time.perf_counter()
        for x, y in batches:
            optimizer.zero_grad()
            loss_fn(net(x), y).backward()
            optimizer.step()
        return (time.perf_counter() - start) * 1000 / len(batches)

    run()
    times = [run() for _ in range(job["repeats"])]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms_per_batch": times}))


if __name__ == "__main__":
    main()
