package org.sparkfit.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array of numpy's {@code .npy} format, read as a stream: the header (element type, shape; C order only), then
 * any range of its leading-axis rows as floats. Element types: bool, signed and unsigned integers of 1-8 bytes,
 * float32 and float64, either byte order.
 */
final class NpyArray {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([biuf])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private final String name;
    private final char kind;
    private final int itemSize;
    private final ByteOrder order;
    private final long[] shape;
    private final DataInputStream in;

    /** Reads the header of the array {@code name} (for messages) from {@code stream}, positioned at its start. */
    NpyArray(String name, InputStream stream) throws IOException {
        this.name = name;
        this.in = new DataInputStream(stream);
        byte[] magic = in.readNBytes(6);
        if (magic.length < 6 || (magic[0] & 0xff) != 0x93 || !"NUMPY".equals(new String(magic, 1, 5,
                StandardCharsets.US_ASCII))) {
            throw new DataFormatException(name + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.reverseBytes(in.readInt());
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new DataFormatException(name + ": ends inside its .npy header; the file is truncated");
        }
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new DataFormatException(name + ": unsupported .npy header " + header.strip() + "; sparkfit reads "
                    + "bool, integer and float arrays");
        }
        if ("True".equals(fortran.group(1))) {
            throw new DataFormatException(name + ": is in Fortran order; save it with np.ascontiguousarray first");
        }
        this.kind = descr.group(2).charAt(0);
        this.itemSize = Integer.parseInt(descr.group(3));
        this.order = ">".equals(descr.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (kind == 'f' && itemSize != 4 && itemSize != 8) {
            throw new DataFormatException(name + ": float" + itemSize * 8 + " arrays are not read; use float32");
        }
        if (itemSize != 1 && itemSize != 2 && itemSize != 4 && itemSize != 8 || kind == 'b' && itemSize != 1) {
            throw new DataFormatException(name + ": element type " + descr.group(2) + itemSize + " is not a numpy "
                    + "type: corrupt .npy header");
        }
        this.shape = shape(shapeText.group(1));
    }

    /** The shape tuple's dimensions, checked so that a row's values and a row's bytes are ints. */
    private long[] shape(String tuple) {
        String[] parts = Arrays.stream(tuple.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        if (parts.length == 0) {
            throw new DataFormatException(name + ": is a scalar, not an array of examples");
        }
        long[] dims = new long[parts.length];
        long rowBytes = itemSize;
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("\\d{1,18}L?")) {
                throw new DataFormatException(name + ": shape (" + tuple + ") is not a tuple of sizes: corrupt .npy "
                        + "header");
            }
            dims[i] = Long.parseLong(parts[i].replace("L", ""));
            rowBytes = i == 0 ? rowBytes : rowBytes * dims[i];
            if (rowBytes > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name + ": shape (" + tuple + ") gives rows of more than 2^31 bytes: "
                        + "corrupt .npy header, or reshape the array to smaller rows");
            }
        }
        return dims;
    }

    /** Rows along the first axis. */
    long rows() {
        return shape[0];
    }

    /** The shape of one row (empty for a vector). */
    int[] rowShape() {
        return Arrays.stream(shape, 1, shape.length).mapToInt(d -> (int) d).toArray();
    }

    /** Values per row; the header's check keeps it an int. */
    int rowElements() {
        int n = 1;
        for (int d : rowShape()) {
            n *= d;
        }
        return n;
    }

    /** Rows [start, start + count) as floats; the stream must still be at the first row. */
    float[] read(long start, int count) throws IOException {
        long rowBytes = (long) rowElements() * itemSize;
        if (count * rowBytes > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(name + ": a part of " + count + " rows is more than 2^31 bytes; raise "
                    + "spark.workers so that each part is smaller");
        }
        float[] out = new float[count * rowElements()];
        ByteBuffer buffer;
        try {
            in.skipNBytes(start * rowBytes);
            buffer = ByteBuffer.wrap(in.readNBytes(Math.toIntExact(count * rowBytes))).order(order);
        } catch (EOFException e) {
            buffer = ByteBuffer.allocate(0);
        }
        if (buffer.capacity() < count * rowBytes) {
            throw new DataFormatException(name + ": ends before its " + rows() + " rows; the file is truncated");
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = value(buffer, i * itemSize);
        }
        return out;
    }

    private float value(ByteBuffer b, int at) {
        return switch (kind) {
            case 'f' -> itemSize == 4 ? b.getFloat(at) : (float) b.getDouble(at);
            case 'u' -> switch (itemSize) {
                case 1 -> b.get(at) & 0xff;
                case 2 -> b.getShort(at) & 0xffff;
                case 4 -> b.getInt(at) & 0xffffffffL;
                default -> b.getLong(at);
            };
            default -> switch (itemSize) { // 'i' and 'b' (bool, one byte)
                case 1 -> b.get(at);
                case 2 -> b.getShort(at);
                case 4 -> b.getInt(at);
                default -> b.getLong(at);
            };
        };
    }
}
