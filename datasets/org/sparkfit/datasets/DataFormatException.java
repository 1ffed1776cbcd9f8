package org.sparkfit.datasets;

/**
 * A data file that cannot be used as it is: missing, truncated, malformed, or holding a label the model cannot
 * take. The message is one line naming the file, the record where known, the reason and the fix.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The line or record the problem is at, for choosing the first of several; Long.MAX_VALUE when unknown. */
    private long position = Long.MAX_VALUE;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error at one record (0-based in the message as "record N", counting data records only). */
    public static DataFormatException atRecord(String file, long record, String reason) {
        return new DataFormatException(file + ": record " + record + ": " + reason).at(record);
    }

    /** Marks this problem as found at line or record {@code position} of its file; returns this. */
    public DataFormatException at(long position) {
        this.position = Math.min(this.position, position);
        return this;
    }

    public long position() {
        return position;
    }
}
