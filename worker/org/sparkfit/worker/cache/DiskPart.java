package org.sparkfit.worker.cache;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.Standardization;

/**
 * A part kept in blocks in a file in its executor's local directories ({@link PartFile}), written once when the
 * part is first read and streamed every epoch a block at a time: what Spark caches is this small handle. A task that
 * Spark runs on another machine than the file's (the executor was lost, or locality gave way) reads the part again
 * from its source into a local file of its own, once per executor.
 */
public final class DiskPart implements StoredPart {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DiskPart.class);
    /** Parts read again on this executor because their file was written elsewhere, by the original file. */
    private static final Map<String, DiskPart> REREAD = new ConcurrentHashMap<>();

    private final String file;
    private final long[] offsets;
    private final int rows;
    /** No rows: carries the preprocessing applied to every block as it is loaded. */
    private final Examples template;
    private final int windowBlocks;
    private final Reread reread;

    /** Reads the same part again into this executor's local directories. */
    @FunctionalInterface
    public interface Reread extends Serializable {
        DiskPart read() throws IOException;
    }

    /**
     * @param offsets      each block's offset in {@code file}, then the file's length
     * @param template     no rows, the part's width, labels (or none) and preprocessing
     * @param windowBytes  about how many bytes of blocks an epoch's shuffle mixes at once
     */
    DiskPart(Path file, long[] offsets, int rows, Examples template, long windowBytes, Reread reread) {
        this.file = file.toString();
        this.offsets = offsets;
        this.rows = rows;
        this.template = template;
        int blocks = offsets.length - 1;
        long blockBytes = Math.max(1, offsets[blocks] / Math.max(1, blocks));
        this.windowBlocks = (int) Math.max(1, Math.min(blocks, windowBytes / blockBytes));
        this.reread = reread;
    }

    private DiskPart(DiskPart part, Examples template) {
        this.file = part.file;
        this.offsets = part.offsets;
        this.rows = part.rows;
        this.template = template;
        this.windowBlocks = part.windowBlocks;
        this.reread = part.reread;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return template.width();
    }

    @Override
    public int blocks() {
        return offsets.length - 1;
    }

    @Override
    public Examples block(int i, BlockArrays arrays) {
        DiskPart local = local();
        return PartFile.read(Path.of(local.file), local.offsets[i], local.offsets[i + 1], width(), arrays)
                .preprocessedAs(template);
    }

    @Override
    public int windowBlocks() {
        return windowBlocks;
    }

    @Override
    public DataCache where() {
        return DataCache.DISK;
    }

    @Override
    public long bytes() {
        return offsets[offsets.length - 1];
    }

    @Override
    public StoredPart standardizedBy(Standardization with) {
        return new DiskPart(this, template.standardizedBy(with));
    }

    /** The file name, for messages and tests. */
    public String file() {
        return file;
    }

    /** This part, or the part read again here when its file is on another machine. */
    private DiskPart local() {
        if (Files.exists(Path.of(file))) {
            return this;
        }
        return REREAD.computeIfAbsent(file, f -> {
            LOG.warn("{} is not on this machine (it was written by another executor); reading the part again", f);
            try {
                return reread.read();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the part again in place of " + f + ": "
                        + e.getMessage(), e);
            }
        });
    }
}
