package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;

class SparseFeaturesTest {
    // [[0, 2, 0, 0], [0, 0, 0, 0], [1.5, 0, 0, -3]]
    private final SparseFeatures x =
            new SparseFeatures(4, new int[] {0, 1, 1, 3}, new int[] {1, 0, 3}, new double[] {2, 1.5, -3});

    @Test
    void readsTheSameValuesThroughEveryMethod() {
        double[] dense = {0, 2, 0, 0, 0, 0, 0, 0, 1.5, 0, 0, -3};
        assertArrayEquals(dense, x.toMatrix().toArray());
        assertEquals(-3, x.get(2, 3));
        assertEquals(0, x.get(1, 2));
        Matrix gathered = x.gatherRows(new int[] {2, 0, 2}, 1, 3, Matrix.zeros(2, 4));
        assertArrayEquals(new double[] {0, 2, 0, 0, 1.5, 0, 0, -3}, gathered.toArray());
        FloatMatrix floats = x.gatherRows(new int[] {2, 0}, 0, 2, FloatMatrix.zeros(2, 4));
        assertEquals(-3f, floats.get(0, 3));
        Matrix dirty = Matrix.zeros(3, 4);
        dirty.set(0, 0, 9);
        assertArrayEquals(
                new double[] {0, 0, 0, 0, 1.5, 0, 0, -3}, x.rows(1, 3, dirty).toArray());
    }

    @Test
    void refusesColumnsOutOfRangeOrOrder() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SparseFeatures(2, new int[] {0, 1}, new int[] {2}, new double[] {1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SparseFeatures(4, new int[] {0, 2}, new int[] {3, 1}, new double[] {1, 1}));
    }
}
