package org.learnbench.nn;

import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;

/**
 * Working storage that is viewed in several shapes (a convolution's per-chunk patch matrices): one array
 * that only grows, and a cached view, so neither a change of shape between training and evaluation
 * batches reallocates the array nor does a steady shape allocate anything.
 */
final class Scratch {
    private double[] data = new double[0];
    private Matrix view;
    private float[] floatData = new float[0];
    private FloatMatrix floatView;

    /** A rows x cols view of the storage (contents unspecified). */
    Matrix view(int rows, int cols) {
        if (view != null && view.rows() == rows && view.cols() == cols) {
            return view;
        }
        int size = Math.multiplyExact(rows, cols);
        if (data.length < size) {
            data = new double[size];
        }
        view = Matrix.wrap(data, 0, rows, cols);
        return view;
    }

    /** A rows x cols float view of the storage (contents unspecified). */
    FloatMatrix floatView(int rows, int cols) {
        if (floatView != null && floatView.rows() == rows && floatView.cols() == cols) {
            return floatView;
        }
        int size = Math.multiplyExact(rows, cols);
        if (floatData.length < size) {
            floatData = new float[size];
        }
        floatView = FloatMatrix.wrap(floatData, 0, rows, cols);
        return floatView;
    }
}
