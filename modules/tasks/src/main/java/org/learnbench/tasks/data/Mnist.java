package org.learnbench.tasks.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;
import org.learnbench.matrix.Matrix;
import org.learnbench.nn.Shape;

/**
 * The MNIST handwritten digits (LeCun, Cortes and Burges) from the four standard IDX files (gzipped, as
 * distributed): the official 60,000 training and 10,000 test images of 1x28x28 bytes. A seeded validation
 * split is carved from the training images (a uniformly random subset of the given size; the rest keep
 * their file order); the test split is the official one. The pixels stay bytes (see {@link ByteImages}),
 * scaled per channel with statistics of the training split.
 */
public final class Mnist {
    private Mnist() {}

    /** The four files, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /**
     * The sha256 of each file as shipped in experiments/data/mnist (see its PROVENANCE.md); the
     * uncompressed files match the canonical MNIST MD5 sums.
     */
    public static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
            "train-labels-idx1-ubyte.gz", "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
            "t10k-images-idx3-ubyte.gz", "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
            "t10k-labels-idx1-ubyte.gz", "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b");

    /** The shape of one image. */
    public static final Shape SHAPE = Shape.image(1, 28, 28);

    /** Images and labels of one IDX pair. */
    record Set(byte[] pixels, int count, int rows, int cols, byte[] labels) {}

    /** The raw files of a folder, read once per process (the bytes are never changed). */
    private static final Map<String, Set[]> READ = new ConcurrentHashMap<>();

    /**
     * Checks that the folder holds the four files with their shipped sha256; a missing or different file is
     * a {@link DataException} naming it.
     */
    public static void verify(Path folder) {
        for (String name : FILES) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new DataException(file.toString(), 0, "file not found (the MNIST folder needs " + FILES + ")");
            }
            String digest = CsvReader.sha256(file);
            if (!digest.equals(SHA256.get(name))) {
                throw new DataException(
                        file.toString(),
                        0,
                        "has sha256 " + digest + ", not the MNIST file's " + SHA256.get(name)
                                + " (a different or changed file)");
            }
        }
    }

    private static Set[] read(Path folder) {
        String key = folder.toAbsolutePath().normalize().toString();
        return READ.computeIfAbsent(key, k -> {
            verify(folder);
            return new Set[] {
                readSet(folder.resolve(FILES.get(0)), folder.resolve(FILES.get(1))),
                readSet(folder.resolve(FILES.get(2)), folder.resolve(FILES.get(3)))
            };
        });
    }

    private static Set readSet(Path images, Path labels) {
        try (DataInputStream in = open(images);
                DataInputStream lin = open(labels)) {
            int magic = in.readInt();
            if (magic != 0x0803) {
                throw new DataException(images.toString(), 0, "not an IDX image file (magic " + magic + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), cols)];
            in.readFully(pixels);
            if (lin.readInt() != 0x0801) {
                throw new DataException(labels.toString(), 0, "not an IDX label file");
            }
            int labelCount = lin.readInt();
            if (labelCount != count) {
                throw new DataException(
                        labels.toString(), 0, labelCount + " labels for " + count + " images in " + images);
            }
            byte[] y = new byte[count];
            lin.readFully(y);
            return new Set(pixels, count, rows, cols, y);
        } catch (IOException e) {
            throw new DataException(images.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }

    /**
     * The prepared task: {@code validation} training images (chosen by {@code random}) held out for
     * validation, the rest for training, the official test set; pixels scaled per {@code scaling} with the
     * training split's statistics.
     */
    public static PreparedData prepare(Path folder, int validation, Scaling scaling, RandomGenerator random) {
        Set[] sets = read(folder);
        Set train = sets[0];
        Set test = sets[1];
        if (validation < 0 || validation >= train.count()) {
            throw new IllegalArgumentException(
                    "a validation split of " + validation + " images leaves no training images of " + train.count());
        }
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < validation; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] validationRows = Arrays.copyOfRange(order, 0, validation);
        int[] trainRows = Arrays.copyOfRange(order, validation, order.length);
        Arrays.sort(validationRows);
        Arrays.sort(trainRows);
        int size = train.rows() * train.cols();
        double[] identity = {1};
        double[] zero = {0};
        ByteImages trainImages = subset(train, trainRows, size, identity, zero);
        double[][] map = ImageScaling.fit(trainImages, 1, scaling);
        Part trainPart = part(trainImages.withScaling(map[0], map[1]), train, trainRows);
        Part validationPart = part(subset(train, validationRows, size, map[0], map[1]), train, validationRows);
        int[] all = new int[test.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Part testPart = part(new ByteImages(test.pixels(), test.count(), size, map[0], map[1]), test, all);
        List<String> names = new ArrayList<>(size);
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < train.cols(); c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            labels.add(Integer.toString(k));
        }
        int total = train.count() + test.count();
        DataReport report = new DataReport(
                total,
                0,
                0,
                new SplitCounts(trainRows.length, validation, test.count()),
                new SplitCounts(0, 0, 0),
                new SplitCounts(0, 0, 0),
                size,
                0);
        return new PreparedData(
                trainPart,
                validationPart,
                testPart,
                names,
                labels,
                TargetTransform.identity(),
                TaskKind.CLASSIFICATION,
                report,
                Shape.image(1, train.rows(), train.cols()));
    }

    private static ByteImages subset(Set set, int[] rows, int size, double[] scale, double[] shift) {
        byte[] pixels = new byte[rows.length * size];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(set.pixels(), rows[i] * size, pixels, i * size, size);
        }
        return new ByteImages(pixels, rows.length, size, scale, shift);
    }

    /** A part of the given images; source lines are 1-based image numbers in their file. */
    private static Part part(ByteImages images, Set set, int[] rows) {
        Matrix y = Matrix.zeros(rows.length, 1);
        int[] lines = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y.set(i, 0, set.labels()[rows[i]]);
            lines[i] = rows[i] + 1;
        }
        return new Part(images, y, lines);
    }
}
