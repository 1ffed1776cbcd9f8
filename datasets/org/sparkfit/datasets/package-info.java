/**
 * Reading training data: IDX and CSV readers over Hadoop's FileSystem, and the split of a data set into the parts
 * that executors read for themselves. Nothing here starts Spark jobs; the driver decides what to read, an executor
 * calls these readers for its own part.
 */
package org.sparkfit.datasets;
