package org.learnbench.tasks.data;

import java.util.Objects;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;

/**
 * Images held as unsigned bytes (0..255), one row per image, channel-major (torch's NCHW flattening), with
 * an affine scaling per channel applied as rows are copied out: value = byte * scale[c] + shift[c],
 * computed in double (and rounded once for floats). One byte per pixel is what the IDX files hold, so
 * scaling choices never need a second copy of the data.
 *
 * @param pixels rows x cols bytes, row-major
 * @param rows images
 * @param cols values per image (channels x height x width)
 * @param scale per channel
 * @param shift per channel
 */
public record ByteImages(byte[] pixels, int rows, int cols, double[] scale, double[] shift) implements Features {
    public ByteImages {
        Objects.requireNonNull(pixels, "pixels");
        if (rows < 0 || cols < 1 || (long) rows * cols != pixels.length) {
            throw new IllegalArgumentException("expected " + rows + " x " + cols + " bytes, got " + pixels.length);
        }
        if (scale.length != shift.length || scale.length < 1 || cols % scale.length != 0) {
            throw new IllegalArgumentException("need one scale and shift per channel, and channels dividing " + cols
                    + ", got " + scale.length + " and " + shift.length);
        }
        scale = scale.clone();
        shift = shift.clone();
    }

    private int channelOf(int col) {
        return col / (cols / scale.length);
    }

    /** The same bytes with another scaling. */
    public ByteImages withScaling(double[] newScale, double[] newShift) {
        return new ByteImages(pixels, rows, cols, newScale, newShift);
    }

    /** The raw byte (0..255) at row i, column j. */
    public int raw(int i, int j) {
        return pixels[i * cols + j] & 0xff;
    }

    @Override
    public double get(int i, int j) {
        int c = channelOf(j);
        return raw(i, j) * scale[c] + shift[c];
    }

    @Override
    public Matrix gatherRows(int[] indices, int from, int to, Matrix out) {
        double[] o = out.data();
        int perChannel = cols / scale.length;
        for (int r = from; r < to; r++) {
            int src = indices[r] * cols;
            int dst = out.offset() + (r - from) * cols;
            for (int c = 0; c < cols; c++) {
                int ch = c / perChannel;
                o[dst + c] = (pixels[src + c] & 0xff) * scale[ch] + shift[ch];
            }
        }
        return out;
    }

    @Override
    public FloatMatrix gatherRows(int[] indices, int from, int to, FloatMatrix out) {
        float[] o = out.data();
        int perChannel = cols / scale.length;
        for (int r = from; r < to; r++) {
            int src = indices[r] * cols;
            int dst = out.offset() + (r - from) * cols;
            for (int c = 0; c < cols; c++) {
                int ch = c / perChannel;
                o[dst + c] = (float) ((pixels[src + c] & 0xff) * scale[ch] + shift[ch]);
            }
        }
        return out;
    }

    @Override
    public Matrix rows(int from, int to, Matrix buffer) {
        Matrix out = buffer.rows(0, to - from);
        double[] o = out.data();
        int perChannel = cols / scale.length;
        for (int r = from; r < to; r++) {
            int dst = out.offset() + (r - from) * cols;
            for (int c = 0; c < cols; c++) {
                int ch = c / perChannel;
                o[dst + c] = (pixels[r * cols + c] & 0xff) * scale[ch] + shift[ch];
            }
        }
        return out;
    }

    @Override
    public FloatMatrix rows(int from, int to, FloatMatrix buffer) {
        FloatMatrix out = buffer.rows(0, to - from);
        float[] o = out.data();
        int perChannel = cols / scale.length;
        for (int r = from; r < to; r++) {
            int dst = out.offset() + (r - from) * cols;
            for (int c = 0; c < cols; c++) {
                int ch = c / perChannel;
                o[dst + c] = (float) ((pixels[r * cols + c] & 0xff) * scale[ch] + shift[ch]);
            }
        }
        return out;
    }

    @Override
    public Matrix toMatrix() {
        return rows(0, rows, Matrix.zeros(rows, cols));
    }

    @Override
    public boolean dense() {
        return false;
    }

    @Override
    public long bytes() {
        return pixels.length;
    }
}
