package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.DataConfig;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.config.RetrainConfig;
import org.sparkfit.driver.config.TextSourceConfig;
import org.sparkfit.driver.config.VectorizationConfig;
import org.sparkfit.driver.model.LayerPlan;
import org.sparkfit.driver.model.NetworkPlan;
import org.sparkfit.driver.store.CheckpointStore;
import org.sparkfit.driver.store.ModelRegistry;
import org.sparkfit.driver.store.RegistryLock;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.FlatState;

/**
 * {@code sparkfit retrain}: under the registry's lock, warm-starts from the {@code CURRENT} version (same network
 * required), trains a new version on the job's data, scores the current model and the new one on the same
 * held-out set, and points {@code CURRENT} at the new version only if the chosen metric improved by at least
 * {@code retrain.min_improvement}. The decision goes into the new version's {@code metrics.json} and a line of
 * {@code registry.log}. A registry without versions gets its first one, promoted.
 */
public final class RetrainingRun {
    private final JavaSparkContext sc;
    private final PrintStream out;
    private final TrainingListener progress;

    /** What a retrain decided. {@code current} is null for a registry's first version. */
    public record Decision(String version, boolean promoted, String metric, double candidate, String currentVersion,
                           Double current) {
    }

    public RetrainingRun(JavaSparkContext sc, PrintStream out, TrainingListener progress) {
        this.sc = sc;
        this.out = out;
        this.progress = progress;
    }

    public Decision run(JobConfig config, String registryLocation) throws IOException {
        return run(PreparedJob.plan(config), registryLocation);
    }

    /**
     * Trains {@code planned} as the registry's next version, warm-started from the current one, and promotes it
     * when it scores better on the job's test data by the job's rules.
     */
    public Decision run(PreparedJob planned, String registryLocation) throws IOException {
        JobConfig config = planned.config();
        ModelRegistry registry = ModelRegistry.open(registryLocation, sc.hadoopConfiguration());
        RetrainConfig rules = config.retrain();
        try (RegistryLock lock = RegistryLock.acquire(registry, rules.staleLockMinutes(),
                warning -> out.println("sparkfit: warning: " + warning))) {
            String version = registry.nextVersion();
            PreparedJob job = planned.withOutput(registry.versionLocation(version));
            JobConfig versioned = job.config();
            String metric = rules.metricFor(config.compile().metrics());

            Optional<String> currentVersion = registry.current();
            float[] warmStart = null;
            Preprocessing keep = null;
            Double current = null;
            if (currentVersion.isPresent()) {
                SavedRun saved = SavedRun.load(registry.versionLocation(currentVersion.get()),
                        sc.hadoopConfiguration());
                requireSameNetwork(saved.job().plan(), job.plan(), currentVersion.get());
                requireSamePreprocessing(saved.job().config().data(), job.config().data(), currentVersion.get());
                warmStart = warmStart(job, saved.state());
                // The warm-started weights were fitted to the current version's vocabulary and standardization.
                keep = saved.preprocessing();
                current = new EvaluationRun(sc).score(job, saved.state(), saved.preprocessing()).get(metric);
                out.printf(Locale.ROOT, "Current version %s: %s %.4f on this job's test data%n",
                        currentVersion.get(), metric, current);
            }
            // A retrain does not resume: checkpoints of an earlier failed attempt at this version are dropped, and
            // so are this attempt's if it fails.
            CheckpointStore checkpoints = CheckpointStore.forRun(versioned.output(), sc.hadoopConfiguration(), 1);
            checkpoints.delete();
            Decision decision;
            try {
                TrainingRun.Trained trained = new TrainingRun(sc, out, progress).retrain(job, warmStart, keep);
                decision = decide(version, metric, trained.outcome(), currentVersion.orElse(null), current, rules);
                trained.save(Map.of("retrain", describe(decision, rules)));
            } catch (IOException | RuntimeException e) {
                checkpoints.delete();
                throw e;
            }
            if (decision.promoted()) {
                registry.promote(version);
            }
            registry.log(logLine(decision));
            out.println(logLine(decision));
            return decision;
        }
    }

    private static Decision decide(String version, String metric, TrainingOutcome outcome, String currentVersion,
                                   Double current, RetrainConfig rules) {
        double candidate = outcome.test().get(metric);
        if (current == null) {
            return new Decision(version, true, metric, candidate, null, null);
        }
        double improvement = RetrainConfig.maximize(metric) ? candidate - current : current - candidate;
        boolean promote = improvement > 0 && improvement >= rules.minImprovement();
        return new Decision(version, promote, metric, candidate, currentVersion, current);
    }

    private static Map<String, Object> describe(Decision decision, RetrainConfig rules) {
        Map<String, Object> retrain = new LinkedHashMap<>();
        retrain.put("metric", decision.metric());
        retrain.put("candidate", decision.candidate());
        retrain.put("current_version", decision.currentVersion());
        retrain.put("current", decision.current());
        retrain.put("min_improvement", rules.minImprovement());
        retrain.put("promoted", decision.promoted());
        return retrain;
    }

    private static String logLine(Decision d) {
        return String.format(Locale.ROOT, "%s version %s %s %.4f %s", Instant.now(), d.version(), d.metric(),
                d.candidate(), d.current() == null ? "(first version): promoted" : String.format(Locale.ROOT,
                        "vs current %s %.4f: %s", d.currentVersion(), d.current(), d.promoted() ? "promoted"
                                : "kept current"));
    }

    /** The current model's state for the new job's network: all of it, or its parameters under a new optimizer. */
    private static float[] warmStart(PreparedJob job, float[] current) {
        MultiLayerNetwork net = job.newNetwork();
        if (current.length == FlatState.length(net)) {
            return current;
        }
        FlatState.applyParams(current, net);
        return FlatState.of(net);
    }

    private static void requireSameNetwork(NetworkPlan current, NetworkPlan proposed, String version) {
        if (!architecture(current).equals(architecture(proposed))) {
            throw new UserInputException("the job's model (" + architecture(proposed) + ") is not the registry's "
                    + "current version " + version + " (" + architecture(current) + "); retrain keeps the "
                    + "architecture: start a new registry for a new model");
        }
    }

    /**
     * A retrain keeps the current version's fitted standardization and vocabulary, so the job must ask for the same
     * ones: otherwise the new version's config would describe preprocessing its model does not hold.
     */
    private static void requireSamePreprocessing(DataConfig current, DataConfig proposed, String version) {
        requireSame("data.standardize", current.standardize(), proposed.standardize(), version);
        requireSame("data.train.vectorization", vectorization(current), vectorization(proposed), version);
    }

    private static VectorizationConfig vectorization(DataConfig data) {
        return data.train() instanceof TextSourceConfig text ? text.vectorization() : null;
    }

    private static void requireSame(String key, Object current, Object proposed, String version) {
        if (!Objects.equals(current, proposed)) {
            throw new UserInputException(key + ": is " + proposed + " but the registry's current version " + version
                    + " was trained with it " + current + "; retrain keeps the current version's preprocessing (the "
                    + "warm-started weights were fitted to it): set it back, or start a new registry");
        }
    }

    private static String architecture(NetworkPlan plan) {
        StringBuilder text = new StringBuilder("input " + java.util.Arrays.toString(plan.input()));
        for (LayerPlan layer : plan.layers()) {
            text.append(", ").append(layer.kerasClass()).append(' ').append(layer.shapeText());
        }
        return text.toString();
    }
}
