package org.sparkfit.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A source that reads a part a block at a time; a whole part is read by asking for one block and joining what comes.
 */
interface BlockSource extends DataSource {

    @Override
    void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException;

    @Override
    default Examples read(Configuration conf, int part, int parts, int classes) throws IOException {
        List<Examples> blocks = new ArrayList<>(1);
        read(conf, part, parts, classes, Long.MAX_VALUE, blocks::add);
        return Examples.concat(blocks);
    }
}
