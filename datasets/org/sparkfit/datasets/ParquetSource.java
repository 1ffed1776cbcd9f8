package org.sparkfit.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet data set, as Spark SQL writes one (a file, or a directory of part files): numeric feature columns, or
 * one column holding each example's features as an array or as a Spark ML vector (dense or sparse), and a numeric
 * label column. The executors read it with the Parquet library Spark ships; part {@code p} of {@code n} owns a
 * contiguous range of rows (counted over all files, in name order), whatever the files and row groups: row groups
 * outside it are skipped unread.
 */
public final class ParquetSource implements BlockSource {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final List<String> features;
    private final String label;
    private final boolean labelled;

    /**
     * @param features the feature columns, or null for every column but the label
     * @param label    the label column
     * @param labelled false for prediction input, whose label column is ignored (or absent)
     */
    public ParquetSource(String path, List<String> features, String label, boolean labelled) {
        this.path = path;
        this.features = features == null ? null : List.copyOf(features);
        this.label = label;
        this.labelled = labelled;
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        long rows = 0;
        int width = -1;
        for (Path file : files(conf)) {
            try (ParquetFileReader reader = ParquetFileReader.open(conf, file)) {
                Layout layout = layout(file, reader.getFooter().getFileMetaData().getSchema());
                if (width < 0 && layout.vector() < 0) {
                    width = layout.width();
                } else if (width < 0 && reader.getRecordCount() > 0) {
                    // A vector column's width is that of its first value (part files may be empty).
                    Group first = records(reader, reader.readNextRowGroup()).read();
                    width = vector(first, layout.vector(), file, rows).length;
                }
                rows += reader.getRecordCount();
            }
        }
        if (width < 0) {
            throw new DataFormatException(path + ": holds no rows");
        }
        return new DataShape(rows, new int[] {width});
    }

    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        List<Path> files = files(conf);
        long[] fileRows = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            try (ParquetFileReader reader = ParquetFileReader.open(conf, files.get(f))) {
                fileRows[f] = reader.getRecordCount();
            }
            total += fileRows[f];
        }
        PartRange range = PartRange.of(total, part, parts);
        blocks.expect(range.end() - range.start());
        RowBlocks out = null;
        int width = -1;
        long rowsBefore = 0;
        for (int f = 0; f < files.size() && rowsBefore < range.end(); f++) {
            if (rowsBefore + fileRows[f] <= range.start()) {
                rowsBefore += fileRows[f];
                continue;
            }
            Path file = files.get(f);
            try (ParquetFileReader reader = ParquetFileReader.open(conf, file)) {
                Layout layout = layout(file, reader.getFooter().getFileMetaData().getSchema());
                for (var block : reader.getRowGroups()) {
                    long rows = block.getRowCount();
                    if (rowsBefore + rows <= range.start() || rowsBefore >= range.end()) {
                        reader.skipNextRowGroup();
                        rowsBefore += rows;
                        continue;
                    }
                    RecordReader<Group> records = records(reader, reader.readNextRowGroup());
                    for (long number = rowsBefore; number < Math.min(rowsBefore + rows, range.end()); number++) {
                        Group row = records.read();
                        if (number < range.start()) {
                            continue;
                        }
                        float[] x = layout.vector() >= 0 ? vector(row, layout.vector(), file, number)
                                : scalars(row, layout.columns(), file, number);
                        if (width < 0) {
                            width = x.length;
                            out = new RowBlocks(path, width, labelled, false, blockBytes, blocks);
                        } else if (x.length != width) {
                            throw new DataFormatException(path + ": " + file.getName() + ": row " + number + " has "
                                    + x.length + " features, earlier rows " + width);
                        }
                        out.features().addAll(x);
                        if (layout.label() >= 0) {
                            float y = number(row, layout.label(), file, number);
                            long at = number;
                            DataSource.checkLabel(y, classes, path, () -> file.getName() + ": row " + at);
                            out.labels().add(y);
                        }
                        out.endRow(number);
                    }
                    rowsBefore += rows;
                }
            }
        }
        if (out == null) {
            blocks.accept(new Examples(0, 0, new float[0], labelled ? new float[0] : null, range.start(), 1));
        } else {
            out.finish();
        }
    }

    /** The part files of a directory in name order (Spark's _SUCCESS and hidden files left out), or the file. */
    private List<Path> files(Configuration conf) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        if (!fs.getFileStatus(root).isDirectory()) {
            return List.of(root);
        }
        List<Path> files = new ArrayList<>(Arrays.stream(fs.listStatus(root)).filter(FileStatus::isFile)
                .map(FileStatus::getPath).filter(p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))
                .toList());
        files.sort(Comparator.comparing(Path::getName));
        if (files.isEmpty()) {
            throw new DataFormatException(path + ": the directory holds no Parquet files");
        }
        return files;
    }

    private static RecordReader<Group> records(ParquetFileReader reader, PageReadStore rowGroup) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        return new ColumnIOFactory().getColumnIO(schema).getRecordReader(rowGroup, new GroupRecordConverter(schema));
    }

    /**
     * Where the features and label are in {@code schema}: scalar columns, or one array/vector column (its width is
     * learnt from the first row).
     */
    private Layout layout(Path file, MessageType schema) {
        int labelIndex = -1;
        if (labelled) {
            if (!schema.containsField(label)) {
                throw new DataFormatException(path + ": " + file.getName() + " has no column '" + label + "'; columns "
                        + "are " + names(schema) + " (set label to the label column)");
            }
            labelIndex = schema.getFieldIndex(label);
        }
        List<String> wanted = features;
        if (wanted == null) {
            wanted = new ArrayList<>(names(schema));
            wanted.remove(label);
        }
        int[] columns = new int[wanted.size()];
        for (int i = 0; i < columns.length; i++) {
            if (!schema.containsField(wanted.get(i))) {
                throw new DataFormatException(path + ": " + file.getName() + " has no column '" + wanted.get(i)
                        + "'; columns are " + names(schema));
            }
            columns[i] = schema.getFieldIndex(wanted.get(i));
        }
        boolean vector = columns.length == 1 && !schema.getType(columns[0]).isPrimitive();
        for (int c : columns) {
            if (!vector && !schema.getType(c).isPrimitive()) {
                throw new DataFormatException(path + ": column '" + schema.getFieldName(c) + "' is not a number; "
                        + "give numeric feature columns, or one array or vector column alone");
            }
        }
        return new Layout(columns, vector ? columns[0] : -1, labelIndex, columns.length);
    }

    private static List<String> names(GroupType schema) {
        return schema.getFields().stream().map(Type::getName).toList();
    }

    private float[] scalars(Group row, int[] columns, Path file, long number) {
        float[] out = new float[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = number(row, columns[i], file, number);
        }
        return out;
    }

    /** A primitive column's value as a float; a missing (null) value is refused. */
    private float number(Group row, int column, Path file, long number) {
        if (row.getFieldRepetitionCount(column) == 0) {
            throw new DataFormatException(path + ": " + file.getName() + ": row " + number + ": column '"
                    + row.getType().getFieldName(column) + "' is null; remove or fill the row");
        }
        return primitive(row, column, 0);
    }

    private static float primitive(Group group, int field, int index) {
        return switch (group.getType().getType(field).asPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> group.getInteger(field, index);
            case INT64 -> group.getLong(field, index);
            case FLOAT -> group.getFloat(field, index);
            case DOUBLE -> (float) group.getDouble(field, index);
            case BOOLEAN -> group.getBoolean(field, index) ? 1 : 0;
            default -> throw new DataFormatException("column '" + group.getType().getFieldName(field) + "' of type "
                    + group.getType().getType(field) + " is not a number");
        };
    }

    /**
     * An array column (Parquet's three-level LIST: {@code list.element}) or a Spark ML vector (a struct of
     * {@code type} 1 dense / 0 sparse, {@code size}, {@code indices}, {@code values}) as floats.
     */
    private float[] vector(Group row, int column, Path file, long number) {
        if (row.getFieldRepetitionCount(column) == 0) {
            throw new DataFormatException(path + ": " + file.getName() + ": row " + number + ": the feature column "
                    + "is null");
        }
        Group value = row.getGroup(column, 0);
        GroupType type = value.getType();
        if (type.containsField("values") && type.containsField("type")) {
            float[] values = list(value.getGroup("values", 0), file, number);
            if (value.getInteger("type", 0) == 1) {
                return values;
            }
            float[] dense = new float[value.getInteger("size", 0)];
            Group indices = value.getGroup("indices", 0);
            for (int i = 0; i < values.length; i++) {
                dense[indices.getGroup(0, i).getInteger(0, 0)] = values[i];
            }
            return dense;
        }
        return list(value, file, number);
    }

    /** A LIST's elements as floats; a null element is refused. */
    private float[] list(Group list, Path file, long number) {
        int n = list.getFieldRepetitionCount(0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            Group element = list.getGroup(0, i);
            if (element.getFieldRepetitionCount(0) == 0) {
                throw new DataFormatException(path + ": " + file.getName() + ": row " + number + ": the feature "
                        + "column's value " + i + " is null; remove or fill the row");
            }
            out[i] = primitive(element, 0, 0);
        }
        return out;
    }

    /** Scalar feature columns or one vector column, the label column (-1: none) and the number of columns. */
    private record Layout(int[] columns, int vector, int label, int width) {
    }
}
