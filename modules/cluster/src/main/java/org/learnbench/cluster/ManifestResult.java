package org.learnbench.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;
import org.learnbench.optim.Metric;
import org.learnbench.optim.RunResult;
import org.learnbench.optim.Termination;

/**
 * A run's result as the coordinator knows it from the manifest a worker sent: its termination, final clocks
 * and final metrics (one checkpoint), enough for progress lines; the full record is the committed folder.
 */
final class ManifestResult {
    private ManifestResult() {}

    @SuppressWarnings("unchecked")
    static RunResult of(Map<String, Object> manifest) {
        Map<String, Object> c = (Map<String, Object>) manifest.get("clocks");
        Clocks clocks = new Clocks(
                l(c, "iterations"),
                l(c, "forward_samples"),
                l(c, "backward_samples"),
                l(c, "evaluations"),
                l(c, "env_steps"),
                l(c, "episodes"),
                l(c, "flops"),
                (long) (d(c.get("wall_seconds")) * 1e9),
                l(c, "monitor_forward_samples"),
                l(c, "monitor_flops"),
                l(c, "monitor_env_steps"));
        Map<String, Double> last = new LinkedHashMap<>();
        ((Map<String, Object>) manifest.get("final_metrics")).forEach((k, v) -> last.put(k, d(v)));
        List<Metric> metrics = new ArrayList<>();
        List<Metric> statistics = new ArrayList<>();
        ((Map<String, Object>) manifest.getOrDefault("metrics", Map.of())).forEach((name, description) -> {
            Metric m = Metric.fromMap(name, (Map<?, ?>) description);
            (m.kind() == Metric.Kind.STATISTIC ? statistics : metrics).add(m);
        });
        return new RunResult(
                Termination.valueOf(String.valueOf(manifest.get("termination"))),
                String.valueOf(manifest.get("termination_detail")),
                List.of(new Checkpoint(clocks, Double.NaN, last)),
                clocks,
                new double[0],
                metrics,
                statistics);
    }

    private static long l(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static double d(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
