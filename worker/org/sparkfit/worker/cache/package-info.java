/**
 * Where an executor keeps its part of a data set for the whole job: in memory, or in blocks on its local disk when
 * the part does not fit in the memory sparkfit may use there ({@link org.sparkfit.worker.cache.DataCache}).
 */
package org.sparkfit.worker.cache;
