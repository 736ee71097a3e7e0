package org.learnbench.optim;

/**
 * Scores a batch of candidates elsewhere (on a cluster's members) with exactly the values the problem's own
 * evaluators give here, and says what the work cost, so that the run's meter is charged as if it were done
 * here: a population method's results and clocks are the same either way.
 */
public interface PopulationScorer {
    /**
     * Sets {@code fitness[i]} to the mean fitness of {@code genomes[i]} over the cases: the sum over the cases
     * in order, divided by their number, as a local evaluation computes it. Returns the work done.
     */
    Work score(double[][] genomes, FitnessCase[] cases, double[] fitness);

    /** The work of a batch of evaluations, on the clocks that fitness evaluations advance. */
    record Work(long forwardSamples, long evaluations, long envSteps, long episodes, long flops) {
        public Work {
            if (forwardSamples < 0 || evaluations < 0 || envSteps < 0 || episodes < 0 || flops < 0) {
                throw new IllegalArgumentException("work must be >= 0, got forward samples " + forwardSamples
                        + ", evaluations " + evaluations + ", env steps " + envSteps + ", episodes " + episodes
                        + ", flops " + flops);
            }
        }

        public Work plus(Work o) {
            return new Work(
                    forwardSamples + o.forwardSamples,
                    evaluations + o.evaluations,
                    envSteps + o.envSteps,
                    episodes + o.episodes,
                    flops + o.flops);
        }

        /** Charges this work to a run's meter and arithmetic, as the evaluations themselves would have. */
        public void chargeTo(RunContext context) {
            context.meter().chargeForward(forwardSamples);
            context.meter().chargeEvaluations(evaluations);
            context.meter().chargeEnvSteps(envSteps);
            context.meter().chargeEpisodes(episodes);
            context.ops().addFlops(flops);
        }
    }
}
