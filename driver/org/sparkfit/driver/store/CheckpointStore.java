package org.sparkfit.driver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkfit.driver.UserInputException;
import org.sparkfit.driver.train.Checkpoint;
import org.sparkfit.driver.train.EarlyStopping;
import org.sparkfit.driver.train.EpochRecord;
import org.sparkfit.worker.FloatBytes;

/**
 * A run's checkpoints: one directory per saved epoch, {@code epoch-0003/}, each committed as a {@link StagedOutput}
 * (renamed into place, or on an object store published by its marker), so only complete ones are read. Holds
 * {@code state.bin} (the flat state as floats), {@code best.bin} (early stopping's best state, when kept),
 * {@code progress.json} (epoch, mini-batch count, history, early stopping, seconds) and {@code network.json} (to
 * refuse resuming a different model). Only the newest {@code keep} are kept.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("epoch-\\d{4,}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLOATS_PER_BLOCK = 16_384;
    /** What a save may replace: a checkpoint of the same epoch written before a crash and resume. */
    private static final StagedOutput.Kind CHECKPOINT = StagedOutput.directoryHolding("a sparkfit checkpoint",
            "progress.json");

    private final String location;
    private final Configuration conf;
    private final int keep;

    public CheckpointStore(String location, Configuration conf, int keep) {
        this.location = location;
        this.conf = conf;
        this.keep = keep;
    }

    /**
     * The checkpoints of the run that will be written to {@code output}: while it trains they live beside it, in
     * {@code .NAME.checkpoints/} (the run directory itself appears only when complete); when it is saved they move
     * into it as {@code checkpoints/}.
     */
    public static CheckpointStore forRun(String output, Configuration conf, int keep) throws IOException {
        Path target = new Path(output);
        target = target.getFileSystem(conf).makeQualified(target);
        return new CheckpointStore(new Path(target.getParent(), "." + target.getName() + ".checkpoints").toString(),
                conf, keep);
    }

    public boolean exists() throws IOException {
        return fs().exists(new Path(location));
    }

    /** Deletes the checkpoints; refuses when the directory holds anything a checkpoint store does not. */
    public void delete() throws IOException {
        Path root = new Path(location);
        if (!fs().exists(root)) {
            return;
        }
        for (FileStatus entry : fs().listStatus(root)) {
            String name = entry.getPath().getName();
            if (!entry.isDirectory() || !(NAME.matcher(name).matches() || name.startsWith("."))) {
                throw new UserInputException(location + " holds " + name + ", which sparkfit did not write there; "
                        + "move it away, then pass --overwrite again");
            }
        }
        fs().delete(root, true);
    }

    /** Moves the checkpoints into a finished run directory, as {@code checkpoints/}. */
    public void moveInto(String runDir) throws IOException {
        if (exists() && !fs().rename(new Path(location), new Path(runDir, "checkpoints"))) {
            throw new IOException("could not move " + location + " into " + runDir);
        }
    }

    public String location() {
        return location;
    }

    /** Saves {@code checkpoint} for the network {@code networkJson}, then removes all but the newest {@code keep}. */
    public void save(Checkpoint checkpoint, String networkJson) throws IOException {
        String name = String.format("epoch-%04d", checkpoint.epochsDone());
        try (StagedOutput dir = StagedOutput.directory(new Path(location, name).toString(), true, CHECKPOINT, conf)) {
            writeFloats(dir, "state.bin", checkpoint.state());
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("epochs_done", checkpoint.epochsDone());
            progress.put("iteration", checkpoint.iteration());
            progress.put("seconds", checkpoint.seconds());
            List<Map<String, Object>> history = new ArrayList<>();
            for (EpochRecord record : checkpoint.history()) {
                history.add(Map.of("epoch", record.epoch(), "epochs", record.epochs(), "values", record.values(),
                        "seconds", record.seconds(), "timing", record.timing()));
            }
            progress.put("history", history);
            EarlyStopping.Progress stopping = checkpoint.stopping();
            if (stopping != null) {
                progress.put("early_stopping", Map.of("best", stopping.best(), "best_epoch", stopping.bestEpoch(),
                        "waited", stopping.waited()));
                if (stopping.bestState() != null) {
                    writeFloats(dir, "best.bin", stopping.bestState());
                }
            }
            dir.writeString("progress.json", JSON.writeValueAsString(progress));
            dir.writeString("network.json", networkJson);
            dir.commit();
        }
        List<Path> saved = saved();
        for (Path old : saved.subList(0, Math.max(0, saved.size() - keep))) {
            fs().delete(old, true);
        }
    }

    /** The newest complete checkpoint, if any; refuses one written for a different network or optimizer. */
    public Optional<Checkpoint> newest(String networkJson) throws IOException {
        List<Path> saved = saved();
        if (saved.isEmpty()) {
            return Optional.empty();
        }
        Path dir = saved.get(saved.size() - 1);
        if (!readText(new Path(dir, "network.json")).equals(networkJson)) {
            throw new UserInputException(dir + ": this checkpoint was written for another model or optimizer than "
                    + "the job file describes; resume with the job file it was trained with, or pass --overwrite to "
                    + "start again");
        }
        JsonNode progress = JSON.readTree(readText(new Path(dir, "progress.json")));
        List<EpochRecord> history = new ArrayList<>();
        for (JsonNode record : progress.path("history")) {
            history.add(new EpochRecord(record.path("epoch").asInt(), record.path("epochs").asInt(),
                    numbers(record.path("values")), record.path("seconds").asDouble(),
                    numbers(record.path("timing"))));
        }
        EarlyStopping.Progress stopping = null;
        JsonNode watch = progress.path("early_stopping");
        if (!watch.isMissingNode()) {
            Path best = new Path(dir, "best.bin");
            stopping = new EarlyStopping.Progress(watch.path("best").asDouble(), watch.path("best_epoch").asInt(),
                    watch.path("waited").asInt(), fs().exists(best) ? readFloats(best) : null);
        }
        return Optional.of(new Checkpoint(progress.path("epochs_done").asInt(), progress.path("iteration").asInt(),
                readFloats(new Path(dir, "state.bin")), history, stopping, progress.path("seconds").asDouble()));
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().asDouble()));
        return values;
    }

    /** The complete checkpoint directories, oldest first. */
    private List<Path> saved() throws IOException {
        Path root = new Path(location);
        if (!fs().exists(root)) {
            return List.of();
        }
        List<Path> saved = new ArrayList<>();
        for (FileStatus entry : fs().listStatus(root)) {
            Path dir = entry.getPath();
            if (entry.isDirectory() && NAME.matcher(dir.getName()).matches() && StagedOutput.complete(fs(), dir)) {
                saved.add(dir);
            }
        }
        saved.sort(null);
        return saved;
    }

    private FileSystem fs() throws IOException {
        return new Path(location).getFileSystem(conf);
    }

    /** Writes {@code values} as a big-endian count and floats (DataOutput's layout), a block at a time. */
    private static void writeFloats(StagedOutput dir, String name, float[] values) throws IOException {
        try (OutputStream out = dir.create(name)) {
            ByteBuffer block = ByteBuffer.allocate(FLOATS_PER_BLOCK * Float.BYTES);
            block.putInt(values.length);
            out.write(block.array(), 0, block.position());
            for (int from = 0; from < values.length; from += FLOATS_PER_BLOCK) {
                int count = Math.min(FLOATS_PER_BLOCK, values.length - from);
                FloatBytes.put(values, from, count, block);
                out.write(block.array(), 0, count * Float.BYTES);
            }
        }
    }

    private float[] readFloats(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(fs().open(file))) {
            float[] values = new float[in.readInt()];
            ByteBuffer block = ByteBuffer.allocate(FLOATS_PER_BLOCK * Float.BYTES);
            for (int from = 0; from < values.length; from += FLOATS_PER_BLOCK) {
                int count = Math.min(FLOATS_PER_BLOCK, values.length - from);
                in.readFully(block.array(), 0, count * Float.BYTES);
                FloatBytes.get(block, values, from, count);
            }
            return values;
        }
    }

    private String readText(Path file) throws IOException {
        return StoredText.read(fs(), file);
    }
}
