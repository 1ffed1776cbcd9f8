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


def save(path, layers, training_config=None):
    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.11.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = np.array([l["config"]["name"].encode() for l in layers
                                                 if l["class_name"] != "InputLayer"])
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.11.0"


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
