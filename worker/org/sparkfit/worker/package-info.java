/**
 * The executor side of sparkfit: what runs inside a Spark task. One averaging round of local mini-batch SGD on a
 * partition, evaluation and prediction of a partition, the flat parameter/updater-state vectors that travel
 * between driver and executors, and what the networks need on the executors beyond DL4J (Keras' channels-last
 * reshapes, Huber loss, cosine decay, metrics). Never depends on the driver's code.
 */
package org.sparkfit.worker;
