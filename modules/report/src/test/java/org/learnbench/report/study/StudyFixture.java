package org.learnbench.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;

/**
 * A hand-made study of task "sine": backprop (4 seeds, a checkpoint every 100 sample forward passes, one seed
 * stopping at 800), ga (3 seeds, every 250, seed 3 NaN after 1000, never below 1.0) and cmaes (3 seeds at
 * irregular clocks 0, 50, 400, 1500, 3000). Each optimizer's loss values are kept so tests can recompute
 * what a chart should show without the code under test.
 */
final class StudyFixture {
    static final String TASK = "sine";
    static final OptimizerColors COLORS = new OptimizerColors(List.of("backprop", "ga", "cmaes"));

    /** Backprop seed k (1..4) has train loss a * 2^(-c/100) with a = 1, 2, 4, 8. */
    static final double[] BACKPROP_SCALE = {1, 2, 4, 8};

    static final double[] CMAES_CLOCKS = {0, 50, 400, 1500, 3000};
    static final double[][] CMAES_LOSS = {
        {2, 0.4, 0.05, 0.005, 0.001},
        {2, 0.8, 0.3, 0.08, 0.02},
        {2, 1.0, 0.6, 0.2, 0.009}
    };

    private StudyFixture() {}

    /** One recorded run of the fixture: its clock values (sample forward passes) and train losses. */
    record Raw(String optimizer, long seed, double[] clocks, double[] train) {}

    static List<Raw> raw() {
        List<Raw> raws = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int last = k == 2 ? 800 : 1000;
            int n = last / 100 + 1;
            double[] c = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = 100.0 * i;
                v[i] = Math.scalb(BACKPROP_SCALE[k], -i);
            }
            raws.add(new Raw("backprop", k + 1, c, v));
        }
        for (int s = 1; s <= 3; s++) {
            double[] c = new double[9];
            double[] v = new double[9];
            for (int i = 0; i < 9; i++) {
                c[i] = 250.0 * i;
                v[i] = s == 3 && c[i] > 1000 ? Double.NaN : 1 + 0.5 * s - c[i] / 4000;
            }
            raws.add(new Raw("ga", s, c, v));
        }
        for (int s = 0; s < 3; s++) {
            raws.add(new Raw("cmaes", s + 1, CMAES_CLOCKS.clone(), CMAES_LOSS[s].clone()));
        }
        return raws;
    }

    /** The fixture's runs; backprop also records a validation loss (1.5 train + 0.01 seed) and a test loss. */
    static List<RunCurve> runs() {
        List<RunCurve> runs = new ArrayList<>();
        for (Raw raw : raw()) {
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (int i = 0; i < raw.clocks().length; i++) {
                long c = (long) raw.clocks()[i];
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train_loss", raw.train()[i]);
                if (raw.optimizer().equals("backprop")) {
                    metrics.put("validation_loss", validation(raw.train()[i], raw.seed()));
                    metrics.put("test_loss", 1.4 * raw.train()[i]);
                }
                // Backprop spends no fitness evaluations; the others one per ten sample forward passes.
                long evaluations = raw.optimizer().equals("backprop") ? 0 : c / 10;
                Clocks clocks = new Clocks(i, c, 0, evaluations, 0, 0, 7 * c, i * 1_000_000L, 0, 0, 0);
                checkpoints.add(new Checkpoint(clocks, Double.NaN, metrics));
            }
            runs.add(new RunCurve(TASK, raw.optimizer(), raw.seed(), "budget", checkpoints));
        }
        return runs;
    }

    static double validation(double train, long seed) {
        return 1.5 * train + 0.01 * seed;
    }

    /** The last value recorded at or before {@code budget}, NaN before the first; a plain scan. */
    static double stepAt(double[] clocks, double[] values, double budget) {
        double value = Double.NaN;
        for (int i = 0; i < clocks.length && clocks[i] <= budget; i++) {
            value = values[i];
        }
        return value;
    }

    /** The median of the non-NaN values by sorting, NaN when there are none. */
    static double medianOfFinite(double[] values) {
        double[] finite =
                Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = finite.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
    }
}
