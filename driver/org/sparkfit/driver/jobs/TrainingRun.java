package org.sparkfit.driver.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.config.JobConfig;
import org.sparkfit.driver.model.ModelSummary;
import org.sparkfit.driver.store.CheckpointStore;
import org.sparkfit.driver.store.RunDirectory;
import org.sparkfit.driver.store.StagedOutput;
import org.sparkfit.driver.train.TrainingStage;
import org.sparkfit.driver.train.Checkpoint;
import org.sparkfit.driver.train.DistributedTrainer;
import org.sparkfit.driver.train.MetricValues;
import org.sparkfit.driver.train.PartitionedData;
import org.sparkfit.driver.train.PreparedJob;
import org.sparkfit.driver.train.TrainingData;
import org.sparkfit.driver.train.TrainingListener;
import org.sparkfit.driver.train.TrainingOutcome;
import org.sparkfit.worker.FlatState;

/**
 * {@code sparkfit train}: checks the job and its data, trains it data-parallel, and writes the run directory
 * (model, resolved job, summary, metrics, report and charts) under a temporary name renamed into place at the end.
 */
public final class TrainingRun {
    private final JavaSparkContext sc;
    private final PrintStream out;
    private final TrainingListener progress;

    /** @param progress told of every epoch and round; it prints the per-epoch lines */
    public TrainingRun(JavaSparkContext sc, PrintStream out, TrainingListener progress) {
        this.sc = sc;
        this.out = out;
        this.progress = progress;
    }

    public TrainingOutcome run(JobConfig config, boolean overwrite) throws IOException {
        return run(config, overwrite, false);
    }

    /**
     * Trains {@code config} into its output directory.
     *
     * @param overwrite replace a finished run, or checkpoints an unfinished one left
     * @param resume    continue from the newest checkpoint of an unfinished run to the same output
     */
    public TrainingOutcome run(JobConfig config, boolean overwrite, boolean resume) throws IOException {
        return run(PreparedJob.plan(config), overwrite, resume);
    }

    /** Trains the planned {@code job} into its output directory, as {@link #run(JobConfig, boolean, boolean)}. */
    public TrainingOutcome run(PreparedJob job, boolean overwrite, boolean resume) throws IOException {
        Trained trained = train(job, overwrite, resume, null, null);
        trained.save(Map.of());
        return trained.outcome();
    }

    /**
     * Trains a new version for a registry from {@code warmStart} (a flat state for this job's network), keeping the
     * preprocessing {@code keep}; nothing is written until the caller, having judged the outcome, saves it.
     */
    public Trained retrain(PreparedJob job, float[] warmStart, Preprocessing keep) throws IOException {
        return train(job, false, false, warmStart, keep);
    }

    /** A finished training not yet written: its outcome, and the run directory it saves. */
    public final class Trained {
        private final JobConfig config;
        private final boolean overwrite;
        private final MultiLayerNetwork net;
        private final Preprocessing preprocessing;
        private final String summary;
        private final TrainingOutcome outcome;
        private final Map<String, Object> facts;
        private final CheckpointStore checkpoints;

        private Trained(JobConfig config, boolean overwrite, MultiLayerNetwork net, Preprocessing preprocessing,
                        String summary, TrainingOutcome outcome, Map<String, Object> facts,
                        CheckpointStore checkpoints) {
            this.config = config;
            this.overwrite = overwrite;
            this.net = net;
            this.preprocessing = preprocessing;
            this.summary = summary;
            this.outcome = outcome;
            this.facts = facts;
            this.checkpoints = checkpoints;
        }

        public TrainingOutcome outcome() {
            return outcome;
        }

        /** Writes the run directory, with {@code annotations} added to its {@code metrics.json}. */
        public void save(Map<String, Object> annotations) throws IOException {
            write(config, overwrite, net, preprocessing, summary, outcome, facts, annotations);
            checkpoints.moveInto(config.output());
            out.println("Test: " + MetricValues.format(outcome.test()) + "   (baseline: "
                    + MetricValues.format(outcome.baseline()) + ")");
            out.println("Saved run to " + config.output());
        }
    }

    private Trained train(PreparedJob job, boolean overwrite, boolean resume, float[] warmStart,
                          Preprocessing keep) throws IOException {
        JobConfig config = job.config();
        Configuration hadoop = sc.hadoopConfiguration();
        CheckpointStore checkpoints = CheckpointStore.forRun(config.output(), hadoop,
                config.fit().checkpoint().keep());
        String networkJson = job.spec().networkJson();
        // A resumed run starts from its checkpoint, a retrain from the registry's model: no Keras weights to read.
        MultiLayerNetwork net = resume || warmStart != null ? job.newNetwork() : job.initialNetwork();
        if (!resume) {
            checkFreshStart(config, overwrite, checkpoints);
        }
        job.inspectData(hadoop);
        TrainingStage.checkConditions(sc, config.spark().workers());
        Checkpoint start = resume ? resumePoint(config, checkpoints, networkJson)
                : Checkpoint.initial(warmStart != null ? warmStart : FlatState.of(net));
        String summary = ModelSummary.format(config.name(), job.plan());
        out.print(summary);

        int workers = config.spark().workers();
        Preprocessing preprocessing;
        TrainingOutcome outcome;
        Map<String, Object> facts = new LinkedHashMap<>();
        try (TrainingData data = TrainingData.read(sc, job, keep)) {
            preprocessing = data.preprocessing();
            PartitionedData train = data.train();
            PartitionedData test = data.test();
            if (!resume && overwrite && checkpoints.exists()) {
                // An unfinished run's checkpoints go only now that both data sets have been read and found good.
                checkpoints.delete();
            }
            out.printf("Training on %d examples in %d partitions, validating on %d%n", train.examples(), workers,
                    test.examples());
            out.printf("Data kept by the workers: training set in %s, test set in %s (%s)%n", train.where(),
                    test.where(), train.choice());
            facts.put("data_cache", Map.of("train", train.cache(), "test", test.cache()));
            if (!sc.isLocal()) {
                out.printf("Executors: spark.executor.memory %s, spark.executor.memoryOverhead %s%n",
                        sc.getConf().get("spark.executor.memory", "1g"),
                        sc.getConf().get("spark.executor.memoryOverhead", "Spark's default"));
            }
            if (start.epochsDone() > 0) {
                out.printf("Resuming after epoch %d of %d from %s%n", start.epochsDone(), config.fit().epochs(),
                        checkpoints.location());
            }
            facts.put("backend", BackendProbe.describe(sc, workers));
            DistributedTrainer trainer = new DistributedTrainer(sc, job, progress);
            outcome = trainer.fit(train, test, start, checkpoint -> save(checkpoints, checkpoint, networkJson));
        }
        FlatState.apply(outcome.state(), net);
        return new Trained(config, overwrite, net, preprocessing, summary, outcome, facts, checkpoints);
    }

    /** Checks, before the data is read, that a fresh run may write its output and checkpoints. */
    private void checkFreshStart(JobConfig config, boolean overwrite, CheckpointStore checkpoints)
            throws IOException {
        StagedOutput.checkTarget(config.output(), overwrite, RunDirectory.KIND, sc.hadoopConfiguration());
        if (checkpoints.exists() && !overwrite) {
            throw new UserInputException(config.output() + ": an unfinished run left checkpoints in "
                    + checkpoints.location() + "; pass --resume to continue it, or --overwrite to start again");
        }
    }

    private Checkpoint resumePoint(JobConfig config, CheckpointStore checkpoints, String networkJson)
            throws IOException {
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(config.output());
        if (output.getFileSystem(sc.hadoopConfiguration()).exists(output)) {
            throw new UserInputException(config.output() + " is a finished run: there is nothing to resume; pass "
                    + "--overwrite without --resume to train it again");
        }
        return checkpoints.newest(networkJson).orElseThrow(() -> new UserInputException("no checkpoint to resume "
                + config.output() + " from in " + checkpoints.location() + "; train without --resume"));
    }

    private static void save(CheckpointStore checkpoints, Checkpoint checkpoint, String networkJson) {
        try {
            checkpoints.save(checkpoint, networkJson);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint to " + checkpoints.location(), e);
        }
    }

    private void write(JobConfig config, boolean overwrite, MultiLayerNetwork net, Preprocessing preprocessing,
                       String summary, TrainingOutcome outcome, Map<String, Object> facts,
                       Map<String, Object> annotations)
            throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>(facts);
        extra.putAll(annotations);
        RunWriter.write(sc.hadoopConfiguration(), config.output(), overwrite, new RunWriter.Run(config, net,
                preprocessing, summary, RunWriter.metrics(config, sc.master(), outcome, extra)), Map.of());
    }
}
