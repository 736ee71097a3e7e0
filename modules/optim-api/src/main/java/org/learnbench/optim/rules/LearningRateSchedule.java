package org.learnbench.optim.rules;

/**
 * The learning rate of each epoch (0-based), as torch.optim.lr_scheduler steps it once per epoch:
 * constant, step (lr0 gamma^floor(e/stepSize)), exponential (lr0 gamma^e) or cosine annealing (lrMin +
 * (lr0 - lrMin)(1 + cos(pi e / T)) / 2, held at lrMin after T).
 */
public sealed interface LearningRateSchedule {
    double rate(double base, long epoch);

    /** The same rate every epoch. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double base, long epoch) {
            return base;
        }
    }

    /** Multiplies the rate by gamma every stepSize epochs. */
    record Step(int stepSize, double gamma) implements LearningRateSchedule {
        public Step {
            if (stepSize < 1) {
                throw new IllegalArgumentException("step schedule needs step_size >= 1, got " + stepSize);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step schedule needs gamma in (0, 1], got " + gamma);
            }
        }

        @Override
        public double rate(double base, long epoch) {
            return base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
        }
    }

    /** Multiplies the rate by gamma every epoch. */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("exponential schedule needs gamma in (0, 1], got " + gamma);
            }
        }

        @Override
        public double rate(double base, long epoch) {
            return base * Math.pow(gamma, epoch);
        }
    }

    /** Cosine annealing from the base rate to minRate over periodEpochs epochs. */
    record Cosine(long periodEpochs, double minRate) implements LearningRateSchedule {
        public Cosine {
            if (periodEpochs < 1) {
                throw new IllegalArgumentException("cosine schedule needs a period >= 1 epoch, got " + periodEpochs);
            }
            if (!(minRate >= 0)) {
                throw new IllegalArgumentException("cosine schedule needs min_lr >= 0, got " + minRate);
            }
        }

        @Override
        public double rate(double base, long epoch) {
            double e = Math.min(epoch, periodEpochs);
            return minRate + (base - minRate) * (1 + Math.cos(Math.PI * e / periodEpochs)) / 2;
        }
    }
}
