package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnbench.matrix.FloatMatrix;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.Shape;

/** MNIST from its IDX files, byte images, per-channel image scaling and the tabular scaling choices. */
class ImageDataTest {
    /** The shipped MNIST folder (tests run with the module folder as working directory). */
    static final Path MNIST =
            Path.of("../../experiments/data/mnist").toAbsolutePath().normalize();

    @Test
    void mnistHasTheOfficialSplitsWithASeededValidationSplitCarvedFromTraining() {
        PreparedData a = Mnist.prepare(MNIST, 5000, Scaling.MIN_MAX, new SplittableRandom(1));
        assertEquals(55000, a.train().size());
        assertEquals(5000, a.validation().size());
        assertEquals(10000, a.test().size());
        assertEquals(Shape.image(1, 28, 28), a.inputShape());
        assertEquals(784, a.featureCount());
        assertEquals(10, a.classCount());
        // The first training image is a 5 and the first test image a 7 (as torchvision.datasets.MNIST reads
        // the same files); the test split keeps the file's order, and the validation rows leave the train
        // rows in file order.
        assertEquals(7, a.test().labels()[0]);
        assertEquals(1, a.test().sourceLines()[0]);
        int firstTrain = a.train().sourceLines()[0] == 1
                ? a.train().labels()[0]
                : a.validation().labels()[0];
        assertEquals(5, firstTrain);
        // Validation and training rows are disjoint and together all 60,000 training images.
        Set<Integer> seen = new HashSet<>();
        for (int line : a.train().sourceLines()) {
            seen.add(line);
        }
        for (int line : a.validation().sourceLines()) {
            assertTrue(seen.add(line), "image " + line + " in both splits");
        }
        assertEquals(60000, seen.size());
        // Every class is in the validation split, in roughly its share (a uniform random subset).
        int[] perClass = new int[10];
        for (int label : a.validation().labels()) {
            perClass[label]++;
        }
        for (int k = 0; k < 10; k++) {
            assertTrue(perClass[k] > 350 && perClass[k] < 650, "class " + k + ": " + perClass[k]);
        }
        // The seed decides the validation split, and only the seed.
        PreparedData again = Mnist.prepare(MNIST, 5000, Scaling.MIN_MAX, new SplittableRandom(1));
        assertArrayEquals(a.validation().sourceLines(), again.validation().sourceLines());
        PreparedData other = Mnist.prepare(MNIST, 5000, Scaling.MIN_MAX, new SplittableRandom(2));
        assertNotEquals(
                Arrays.toString(a.validation().sourceLines()),
                Arrays.toString(other.validation().sourceLines()));
    }

    @Test
    void mnistIsHeldAsOneBytePerPixel() {
        PreparedData data = Mnist.prepare(MNIST, 5000, Scaling.STANDARD, new SplittableRandom(1));
        ByteImages train = assertInstanceOf(ByteImages.class, data.train().features());
        assertEquals(55000L * 784, train.bytes());
        long all = data.train().features().bytes()
                + data.validation().features().bytes()
                + data.test().features().bytes();
        assertTrue(all < 60L << 20, "the three splits take " + all + " bytes, under 60 MiB");
    }

    @Test
    void mnistScalingMatchesTheWellKnownStatistics() {
        PreparedData unit = Mnist.prepare(MNIST, 5000, Scaling.MIN_MAX, new SplittableRandom(1));
        ByteImages bytes = (ByteImages) unit.train().features();
        // min_max: the training pixels span 0..255, so a pixel is its byte / 255.
        assertEquals(1 / 255.0, bytes.scale()[0], 1e-15);
        assertEquals(0.0, bytes.shift()[0], 1e-15);
        // standard: mean and sd over all training pixels in [0, 1]. PyTorch's MNIST example normalises
        // with mean 0.1307 and sd 0.3081, measured on all 60,000 training images; 55,000 of them agree
        // to within a few thousandths.
        PreparedData standard = Mnist.prepare(MNIST, 5000, Scaling.STANDARD, new SplittableRandom(1));
        ByteImages z = (ByteImages) standard.train().features();
        double sd = 1 / (z.scale()[0] * 255);
        double mean = -z.shift()[0] / z.scale()[0] / 255;
        assertEquals(0.1307, mean, 0.002);
        assertEquals(0.3081, sd, 0.002);
        PreparedData none = Mnist.prepare(MNIST, 5000, Scaling.NONE, new SplittableRandom(1));
        ByteImages raw = (ByteImages) none.train().features();
        int max = 0;
        for (int j = 0; j < 784; j++) {
            max = Math.max(max, raw.raw(0, j));
            assertEquals(raw.raw(0, j), raw.get(0, j), 0.0);
        }
        assertEquals(255, max);
    }

    @Test
    void byteImagesReadTheSameThroughEveryAccessor() {
        byte[] pixels = new byte[3 * 8];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        // Two channels of 2x2 pixels, with different scalings.
        ByteImages images = new ByteImages(pixels, 3, 8, new double[] {0.5, 1 / 3.0}, new double[] {-1, 2});
        assertEquals((37 * 9 & 0xff) * 0.5 - 1, images.get(1, 1), 1e-15);
        assertEquals((37 * 14 & 0xff) / 3.0 + 2, images.get(1, 6), 1e-12);
        Matrix dense = images.toMatrix();
        Matrix gathered = images.gatherRows(new int[] {2, 0}, 0, 2, Matrix.zeros(2, 8));
        FloatMatrix single = images.gatherRows(new int[] {2, 0}, 0, 2, FloatMatrix.zeros(2, 8));
        Matrix view = images.rows(1, 3, Matrix.zeros(4, 8));
        FloatMatrix viewF = images.rows(1, 3, FloatMatrix.zeros(4, 8));
        for (int j = 0; j < 8; j++) {
            assertEquals(images.get(2, j), gathered.get(0, j), 0.0);
            assertEquals(images.get(0, j), gathered.get(1, j), 0.0);
            assertEquals((float) images.get(2, j), single.get(0, j), 0.0f);
            assertEquals(dense.get(2, j), view.get(1, j), 0.0);
            assertEquals((float) dense.get(1, j), viewF.get(0, j), 0.0f);
        }
        assertEquals(2, view.rows());
        assertThrows(IllegalArgumentException.class, () -> new ByteImages(pixels, 3, 8, new double[3], new double[3]));
    }

    /** Two 1x1x2 "images" per row in two channels: columns c0p0, c0p1, c1p0, c1p1, then the label. */
    private static final String TWO_CHANNELS =
            """
            a,b,c,d,label
            0,2,10,30,x
            4,6,20,10,y
            2,0,30,20,x
            6,4,10,30,y
            """;

    @Test
    void imagesAreScaledPerChannelWithTrainingStatistics() {
        CsvTable table = CsvReader.parse("t.csv", TWO_CHANNELS);
        PreparedData raw = TabularPreparer.prepare(
                table,
                TabularSpec.classification("label"),
                SplitSpec.stratified(1, 0, 0),
                new SplittableRandom(1),
                Scaling.NONE);
        Shape shape = Shape.image(2, 1, 2);
        // Channel 0 holds 0..6 (mean 3, population sd sqrt(5)), channel 1 holds 10..30 (mean 20, sd
        // sqrt(75)): one statistic per channel, not per column.
        PreparedData z = ImageScaling.apply(raw, shape, Scaling.STANDARD);
        assertEquals(shape, z.inputShape());
        int row = rowWith(raw, 0, 0.0);
        assertEquals((0 - 3) / Math.sqrt(5), z.train().x().get(row, 0), 1e-12);
        assertEquals((2 - 3) / Math.sqrt(5), z.train().x().get(row, 1), 1e-12);
        assertEquals((10 - 20) / Math.sqrt(75), z.train().x().get(row, 2), 1e-12);
        PreparedData unit = ImageScaling.apply(raw, shape, Scaling.MIN_MAX);
        assertEquals(2 / 6.0, unit.train().x().get(row, 1), 1e-12);
        assertEquals(0.0, unit.train().x().get(row, 2), 1e-12);
        assertEquals(1.0, unit.train().x().get(rowWith(raw, 2, 30.0), 2), 1e-12);
        IllegalArgumentException wrong = assertThrows(
                IllegalArgumentException.class, () -> ImageScaling.apply(raw, Shape.image(1, 2, 3), Scaling.NONE));
        assertTrue(
                wrong.getMessage().contains("1x2x3 has 6 pixels, but the table has 4 feature columns"),
                wrong.getMessage());
    }

    private static int rowWith(PreparedData data, int column, double value) {
        for (int i = 0; i < data.train().size(); i++) {
            if (data.train().x().get(i, column) == value) {
                return i;
            }
        }
        throw new AssertionError("no row with " + value);
    }

    @Test
    void tabularScalingIsStandardMinMaxOrNone() {
        String csv = "a,b,label\n1,5,x\n3,5,y\n5,5,x\n11,5,y\n";
        SplitSpec all = SplitSpec.stratified(1, 0, 0);
        for (Scaling s : Scaling.values()) {
            PreparedData data = TabularPreparer.prepare(
                    CsvReader.parse("t.csv", csv),
                    TabularSpec.classification("label"),
                    all,
                    new SplittableRandom(1),
                    s);
            int row = rowWithRaw(data, s);
            double a = data.train().x().get(row, 0);
            double b = data.train().x().get(row, 1);
            switch (s) {
                    // a: mean 5, population sd sqrt((16 + 4 + 0 + 36) / 4) = sqrt(14); b is constant: sd 1.
                case STANDARD -> {
                    assertEquals((11 - 5) / Math.sqrt(14), a, 1e-12);
                    assertEquals(0.0, b, 0.0);
                }
                    // a: (11 - 1) / (11 - 1) = 1; a constant column maps to 0.
                case MIN_MAX -> {
                    assertEquals(1.0, a, 0.0);
                    assertEquals(0.0, b, 0.0);
                }
                case NONE -> {
                    assertEquals(11.0, a, 0.0);
                    assertEquals(5.0, b, 0.0);
                }
            }
        }
        // The default is standardisation, exactly as before the choice existed.
        PreparedData standard = TabularPreparer.prepare(
                CsvReader.parse("t.csv", csv),
                TabularSpec.classification("label"),
                all,
                new SplittableRandom(1),
                Scaling.STANDARD);
        PreparedData old = TabularPreparer.prepare(
                CsvReader.parse("t.csv", csv), TabularSpec.classification("label"), all, new SplittableRandom(1));
        assertEquals(standard.train(), old.train());
    }

    /** The row holding a = 11 (the largest a), found through its source line (line 5 of the file). */
    private static int rowWithRaw(PreparedData data, Scaling s) {
        int[] lines = data.train().sourceLines();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == 5) {
                return i;
            }
        }
        throw new AssertionError(s + ": no row from line 5");
    }
}
