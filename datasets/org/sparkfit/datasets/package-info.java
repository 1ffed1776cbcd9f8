/**
 * Reading training data: IDX, CSV, text (with Keras-style vectorization), npz, LIBSVM and Parquet readers over
 * Hadoop's FileSystem, the preprocessing fitted on the training set (standardization, vocabulary), and the split
 * of a data set into the parts that executors read for themselves (and into validation_split's sides). Nothing
 * here starts Spark jobs; the driver decides what to read, an executor calls these readers for its own part.
 */
package org.sparkfit.datasets;
