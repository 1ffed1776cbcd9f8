#!/usr/bin/python3
"""Writes the Keras model files KerasModelFileTest reads, in the HDF5 layout tf.keras 2.x saves with
model.save("x.h5"): root attributes keras_version, backend, model_config (the Sequential model's JSON) and
training_config (compile()'s loss, metrics and optimizer), and a model_weights group. Made with h5py alone, since
TensorFlow is not packaged in Debian; rerun to regenerate (needs python3-h5py)."""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def initializer(name):
    return {"class_name": name, "config": {"seed": None}}


def layer(class_name, **config):
    config.setdefault("trainable", True)
    config.setdefault("dtype", "float32")
    return {"class_name": class_name, "config": config}


def save(path, layers, training_config=None, weights=None):
    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.11.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([l["config"]["name"].encode() for l in layers
                                                 if l["class_name"] != "InputLayer"])
        group.attrs["backend"] = "tensorflow"
        group.attrs["keras_version"] = "2.11.0"
        for l in layers:
            if l["class_name"] == "InputLayer":
                continue
            name = l["config"]["name"]
            arrays = (weights or {}).get(name, {})
            layer_group = group.create_group(name)
            layer_group.attrs["weight_names"] = np.array([(name + "/" + w + ":0").encode() for w in arrays],
                                                         dtype="S")
            for w, value in arrays.items():
                layer_group.create_dataset(name + "/" + w + ":0", data=np.asarray(value, dtype=np.float32))


# The small CNN of LayerTrainingTest, as a course notebook would define and compile it.
save(os.path.join(HERE, "cnn.h5"), [
    layer("InputLayer", batch_input_shape=[None, 6, 6, 1], sparse=False, ragged=False, name="images"),
    layer("Conv2D", name="conv", filters=8, kernel_size=[3, 3], strides=[1, 1], padding="same",
          data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True,
          kernel_initializer=initializer("HeUniform"), bias_initializer={"class_name": "Zeros", "config": {}},
          kernel_regularizer={"class_name": "L2", "config": {"l2": 0.0001}}, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None),
    layer("BatchNormalization", name="norm", axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True),
    layer("MaxPooling2D", name="pool", pool_size=[2, 2], padding="valid", strides=[2, 2],
          data_format="channels_last"),
    layer("Flatten", name="flatten", data_format="channels_last"),
    layer("Dropout", name="dropout", rate=0.1, noise_shape=None, seed=None),
    layer("Dense", name="classes", units=3, activation="softmax", use_bias=True,
          kernel_initializer=initializer("GlorotUniform"), bias_initializer={"class_name": "Zeros", "config": {}},
          kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None),
], {
    "loss": "sparse_categorical_crossentropy",
    "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32"}}]],
    "weighted_metrics": None, "loss_weights": None,
    "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.01, "beta_1": 0.9,
                                                          "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}},
})

# A recurrent model whose GRU DL4J cannot build: sparkfit must name the nearest layer instead.
save(os.path.join(HERE, "gru.h5"), [
    layer("Embedding", name="embedding", batch_input_shape=[None, 20], input_dim=100, output_dim=8,
          embeddings_initializer={"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05,
                                                                             "seed": None}},
          mask_zero=False, input_length=20),
    layer("GRU", name="gru", units=8, activation="tanh", return_sequences=False),
    layer("Dense", name="dense", units=1, activation="sigmoid", use_bias=True,
          kernel_initializer=initializer("GlorotUniform")),
])


# Trained weights in Keras' layout, and what Keras' forward pass makes of a few inputs, computed with numpy as
# Keras computes it (channels-last convolution, batch normalization with moving statistics, softmax): sparkfit
# must load the weights into its network and give the same outputs (weights_check.csv: inputs, then outputs).
rng = np.random.default_rng(7)


def conv_same(x, kernel, bias):
    """x [n, h, w, c], kernel [kh, kw, c, f]: Keras' Conv2D with padding same, stride 1."""
    kh, kw = kernel.shape[:2]
    padded = np.pad(x, ((0, 0), (kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2), (0, 0)))
    out = np.zeros(x.shape[:3] + (kernel.shape[3],), dtype=np.float64)
    for i in range(x.shape[1]):
        for j in range(x.shape[2]):
            out[:, i, j, :] = np.tensordot(padded[:, i:i + kh, j:j + kw, :], kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


cnn_weights = {
    "conv": {"kernel": rng.normal(0, 0.5, (3, 3, 2, 4)), "bias": rng.normal(0, 0.1, 4)},
    "norm": {"gamma": rng.uniform(0.5, 1.5, 4), "beta": rng.normal(0, 0.1, 4),
             "moving_mean": rng.normal(0, 0.3, 4), "moving_variance": rng.uniform(0.5, 2.0, 4)},
    "hidden": {"kernel": rng.normal(0, 0.3, (36, 5)), "bias": rng.normal(0, 0.1, 5)},
    "classes": {"kernel": rng.normal(0, 0.5, (5, 3)), "bias": rng.normal(0, 0.1, 3)},
}
save(os.path.join(HERE, "weights.h5"), [
    layer("InputLayer", batch_input_shape=[None, 6, 6, 2], sparse=False, ragged=False, name="images"),
    layer("Conv2D", name="conv", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="same",
          data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True,
          kernel_initializer=initializer("GlorotUniform"), bias_initializer={"class_name": "Zeros", "config": {}},
          kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None),
    layer("BatchNormalization", name="norm", axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True),
    layer("MaxPooling2D", name="pool", pool_size=[2, 2], padding="valid", strides=[2, 2],
          data_format="channels_last"),
    layer("Flatten", name="flatten", data_format="channels_last"),
    layer("Dense", name="hidden", units=5, activation="relu", use_bias=True,
          kernel_initializer=initializer("GlorotUniform")),
    layer("Dense", name="classes", units=3, activation="softmax", use_bias=True,
          kernel_initializer=initializer("GlorotUniform")),
], {
    "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"],
    "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001}},
}, cnn_weights)

x = rng.uniform(0, 1, (4, 6, 6, 2))
w = cnn_weights
h = np.maximum(conv_same(x, w["conv"]["kernel"], w["conv"]["bias"]), 0)
n = w["norm"]
h = n["gamma"] * (h - n["moving_mean"]) / np.sqrt(n["moving_variance"] + 0.001) + n["beta"]
h = h.reshape(4, 3, 2, 3, 2, 4).max(axis=(2, 4))
h = np.maximum(h.reshape(4, -1) @ w["hidden"]["kernel"] + w["hidden"]["bias"], 0)
y = softmax(h @ w["classes"]["kernel"] + w["classes"]["bias"])
np.savetxt(os.path.join(HERE, "weights_check.csv"), np.hstack([x.reshape(4, -1), y]), delimiter=",", fmt="%.9g")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# Keras' LSTM keeps its four gates in the order input, forget, cell, output; DL4J's differs.
units = 3
lstm_weights = {
    "embedding": {"embeddings": rng.normal(0, 0.5, (10, 4))},
    "lstm": {"kernel": rng.normal(0, 0.5, (4, 4 * units)), "recurrent_kernel": rng.normal(0, 0.5, (units, 4 * units)),
             "bias": rng.normal(0, 0.2, 4 * units)},
    "out": {"kernel": rng.normal(0, 0.5, (units, 1)), "bias": rng.normal(0, 0.1, 1)},
}
save(os.path.join(HERE, "lstm_weights.h5"), [
    layer("Embedding", name="embedding", batch_input_shape=[None, 5], input_dim=10, output_dim=4,
          embeddings_initializer={"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05,
                                                                             "seed": None}},
          mask_zero=False, input_length=5),
    layer("LSTM", name="lstm", units=units, activation="tanh", recurrent_activation="sigmoid",
          return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False,
          time_major=False, use_bias=True, unit_forget_bias=True, kernel_initializer=initializer("GlorotUniform"),
          recurrent_initializer={"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
          bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None,
          recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
          recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, implementation=2),
    layer("Dense", name="out", units=1, activation="sigmoid", use_bias=True,
          kernel_initializer=initializer("GlorotUniform")),
], None, lstm_weights)

tokens = rng.integers(0, 10, (4, 5))
lw = lstm_weights["lstm"]
h = np.zeros((4, units))
c = np.zeros((4, units))
for t in range(5):
    z = lstm_weights["embedding"]["embeddings"][tokens[:, t]] @ lw["kernel"] + h @ lw["recurrent_kernel"] + lw["bias"]
    i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
y = sigmoid(h @ lstm_weights["out"]["kernel"] + lstm_weights["out"]["bias"])
np.savetxt(os.path.join(HERE, "lstm_weights_check.csv"), np.hstack([tokens, y]), delimiter=",", fmt="%.9g")
