package org.sparkfit.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The header of an IDX file (the MNIST format): two zero bytes, an element type code, the number of dimensions and
 * each dimension as a big-endian int. The first dimension counts records.
 */
public record IdxHeader(int typeCode, int[] dims) {

    /** Bytes of one element for each IDX type code, indexed by code - 0x08 (0 marks an unused code). */
    private static final int[] ELEMENT_BYTES = {1, 1, 0, 2, 4, 4, 8};
    /** The most values one record may hold, so that its bytes (up to 8 each) are an int. */
    static final long MAX_RECORD_VALUES = Integer.MAX_VALUE / 8;

    public static IdxHeader read(InputStream stream, String file) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int zero1 = in.readUnsignedByte();
            int zero2 = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int ndims = in.readUnsignedByte();
            if (zero1 != 0 || zero2 != 0 || elementBytes(type) == 0 || ndims == 0) {
                throw new DataFormatException(String.format(
                        "%s: bad magic number 0x%02x%02x%02x%02x: not an IDX file (expected 0x000008NN for unsigned "
                                + "bytes); check data.*.format and the path", file, zero1, zero2, type, ndims));
            }
            int[] dims = new int[ndims];
            long values = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new DataFormatException(file + ": dimension " + i + " is negative (" + dims[i]
                            + "): corrupt IDX header");
                }
                if (i > 0) {
                    values *= dims[i];
                }
                if (values > MAX_RECORD_VALUES) {
                    throw new DataFormatException(file + ": the header's dimensions " + Arrays.toString(
                            Arrays.copyOf(dims, i + 1)) + " give records of more than " + MAX_RECORD_VALUES
                            + " values: corrupt IDX header");
                }
            }
            return new IdxHeader(type, dims);
        } catch (EOFException e) {
            throw new DataFormatException(file + ": file ends inside the IDX header: truncated or empty file");
        }
    }

    private static int elementBytes(int type) {
        int i = type - 0x08;
        return i >= 0 && i < ELEMENT_BYTES.length ? ELEMENT_BYTES[i] : 0;
    }

    public long records() {
        return dims[0];
    }

    /** The shape of one record: the dimensions after the first. */
    public int[] recordShape() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /** Values per record; at most {@link #MAX_RECORD_VALUES}, as {@link #read} checks. */
    public int recordElements() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Whether elements are unsigned bytes (type 0x08), as images' pixels are. */
    public boolean unsignedBytes() {
        return typeCode == 0x08;
    }

    /** Whether elements are floating point, which can hold NaN or infinity. */
    public boolean floatingPoint() {
        return typeCode == 0x0D || typeCode == 0x0E;
    }

    public int elementBytes() {
        return elementBytes(typeCode);
    }

    public long headerBytes() {
        return 4L + 4L * dims.length;
    }

    public long recordBytes() {
        return (long) recordElements() * elementBytes();
    }

    /** Decodes element {@code i} of {@code record} (raw big-endian bytes) as a float. */
    public float element(byte[] record, int i) {
        int o = i * elementBytes();
        switch (typeCode) {
            case 0x08:
                return record[o] & 0xff;
            case 0x09:
                return record[o];
            case 0x0B:
                return (short) (((record[o] & 0xff) << 8) | (record[o + 1] & 0xff));
            case 0x0C:
                return bigEndianInt(record, o);
            case 0x0D:
                return Float.intBitsToFloat(bigEndianInt(record, o));
            case 0x0E:
                long hi = bigEndianInt(record, o) & 0xffffffffL;
                long lo = bigEndianInt(record, o + 4) & 0xffffffffL;
                return (float) Double.longBitsToDouble((hi << 32) | lo);
            default:
                throw new IllegalStateException("IDX type 0x" + Integer.toHexString(typeCode));
        }
    }

    private static int bigEndianInt(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxHeader other && typeCode == other.typeCode && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return typeCode * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "IdxHeader[type=0x" + Integer.toHexString(typeCode) + ", dims=" + Arrays.toString(dims) + "]";
    }
}
