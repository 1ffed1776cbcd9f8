package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparkfit.worker.cache.DataCache;
import org.sparkfit.worker.exchange.ExchangeMode;

/**
 * How Spark spreads the job: {@code workers} data partitions trained in parallel, how they exchange what they learn
 * ({@code averaging} or {@code allreduce}, see {@link org.sparkfit.worker.exchange.ExchangeMode}), how many
 * mini-batches each worker fits between two averagings, and where each executor keeps its part of the data
 * ({@code memory}, {@code disk} or {@code auto}, see {@link DataCache}).
 */
public record SparkConfig(Integer workers, String exchange,
                          @JsonProperty("averaging_frequency") Integer averagingFrequency,
                          @JsonProperty("data_cache") String dataCache) {

    public SparkConfig {
        workers = workers == null ? 2 : workers;
        exchange = exchange == null ? ExchangeMode.AVERAGING.key() : exchange;
        averagingFrequency = averagingFrequency == null ? 10 : averagingFrequency;
        dataCache = dataCache == null ? DataCache.AUTO.key() : dataCache;
    }

    /** The exchange mode; the key is checked by {@link JobValidator}. */
    public ExchangeMode exchangeMode() {
        return ExchangeMode.ofKey(exchange);
    }

    /** Where executors keep the data; the key is checked by {@link JobValidator}. */
    public DataCache cache() {
        return DataCache.ofKey(dataCache);
    }
}
