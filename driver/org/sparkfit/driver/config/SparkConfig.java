package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How Spark spreads the job: {@code workers} data partitions trained in parallel, and how many mini-batches each
 * worker fits between two averagings.
 */
public record SparkConfig(Integer workers, @JsonProperty("averaging_frequency") Integer averagingFrequency) {

    public SparkConfig {
        workers = workers == null ? 2 : workers;
        averagingFrequency = averagingFrequency == null ? 10 : averagingFrequency;
    }
}
