package org.learnbench.experiment.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.RunListener;

/**
 * Writes one row per checkpoint to metrics.csv as the run goes (flushed, so a long run can be
 * followed): the cost clocks, the training objective, then the problem's metrics.
 *
 * <p>Every column but {@code wall_ms} is a learning column: for the same config and seed it is the same
 * text, byte for byte. Doubles are written with {@link Double#toString}, the shortest text that reads back
 * as the same double.
 */
public final class MetricsCsvWriter implements RunListener, AutoCloseable {
    /** The clock columns, in order; wall_ms is the only one that depends on the machine. */
    public static final List<String> CLOCK_COLUMNS = List.of(
            "iteration",
            "sample_forward_passes",
            "forward_samples",
            "backward_samples",
            "evaluations",
            "env_steps",
            "episodes",
            "flops",
            "monitor_forward_samples",
            "monitor_flops",
            "monitor_env_steps",
            "wall_ms");

    private final BufferedWriter out;
    private List<String> metricColumns;

    public MetricsCsvWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void onCheckpoint(Checkpoint c) {
        try {
            if (metricColumns == null) {
                metricColumns = new ArrayList<>(c.metrics().keySet());
                List<String> header = new ArrayList<>(CLOCK_COLUMNS);
                header.add("objective");
                header.addAll(metricColumns);
                out.write(String.join(",", header));
                out.write('\n');
            }
            Clocks k = c.clocks();
            StringBuilder row = new StringBuilder();
            for (long clock : new long[] {
                k.iterations(),
                k.sampleForwardPasses(),
                k.forwardSamples(),
                k.backwardSamples(),
                k.evaluations(),
                k.envSteps(),
                k.episodes(),
                k.flops(),
                k.monitorForwardSamples(),
                k.monitorFlops(),
                k.monitorEnvSteps()
            }) {
                row.append(clock).append(',');
            }
            row.append(String.format(java.util.Locale.ROOT, "%.3f", k.wallMillis()))
                    .append(',')
                    .append(number(c.objective()));
            for (String m : metricColumns) {
                row.append(',').append(number(c.metric(m)));
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
