package org.sparkfit.worker;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU Spark assigned to a task ({@code spark.task.resource.gpu.amount}), as a device index for ND4J. Spark
 * hands out the addresses the discovery script printed; sparkfit's script prints CUDA device indexes.
 */
public final class TaskGpu {
    public static final String RESOURCE = "gpu";

    private TaskGpu() {
    }

    /** The first GPU among a task's resources, or empty when the task was given none. */
    public static OptionalInt of(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources.get(RESOURCE);
        if (gpu == null || gpu.addresses().length == 0) {
            return OptionalInt.empty();
        }
        String address = gpu.addresses()[0].trim();
        try {
            return OptionalInt.of(Integer.parseInt(address));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark assigned GPU address '" + address + "', which is not a CUDA "
                    + "device index; use scripts/gpu-discovery.sh as spark.executor.resource.gpu.discoveryScript");
        }
    }
}
