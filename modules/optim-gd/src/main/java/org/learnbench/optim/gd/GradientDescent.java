package org.learnbench.optim.gd;

import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.learnbench.optim.DifferentiableProblem;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;
import org.learnbench.optim.SeedStreams;
import org.learnbench.optim.StepOutcome;
import org.learnbench.optim.rules.LearningRateSchedule;
import org.learnbench.optim.rules.UpdateRule;

/**
 * Backpropagation gradient descent: the first optimizer of the comparison. One iteration is one epoch
 * over the training samples in minibatches (full batch, minibatch or stochastic), reshuffled every epoch
 * from the run's "shuffle" stream.
 *
 * <p>Per minibatch, in torch's order: gradient by backpropagation; gradient-norm clipping; coupled L2
 * (g += weightDecay theta); decoupled decay (theta -= lr decoupledWeightDecay theta, AdamW/SGDW); the
 * update rule. The learning rate follows the schedule, stepped once per epoch.
 *
 * @param rule the update rule
 * @param learningRate the base learning rate (> 0)
 * @param batchSize samples per minibatch; 0 means the full training set (batch gradient descent)
 * @param weightDecay coupled L2 coefficient, added to the gradient
 * @param decoupledWeightDecay decoupled decay coefficient, applied to the parameters
 * @param schedule the per-epoch learning-rate schedule
 * @param clipNorm maximum global gradient norm; 0 for no clipping
 * @param earlyStopping optional early stopping on validation loss
 */
public record GradientDescent(
        UpdateRule rule,
        double learningRate,
        int batchSize,
        double weightDecay,
        double decoupledWeightDecay,
        LearningRateSchedule schedule,
        double clipNorm,
        Optional<EarlyStopping> earlyStopping)
        implements Optimizer<DifferentiableProblem> {

    public GradientDescent {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(schedule, "schedule");
        earlyStopping = earlyStopping == null ? Optional.empty() : earlyStopping;
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1 (or 0 for the full batch), got " + batchSize);
        }
        if (!(weightDecay >= 0) || !(decoupledWeightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay + " (coupled) and "
                    + decoupledWeightDecay + " (decoupled)");
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("gradient clip norm must be >= 0 (0 = none), got " + clipNorm);
        }
    }

    /** Plain minibatch gradient descent with a rule and its default learning rate. */
    public static GradientDescent of(UpdateRule rule, int batchSize) {
        return new GradientDescent(
                rule,
                rule.defaultLearningRate(),
                batchSize,
                0,
                0,
                new LearningRateSchedule.Constant(),
                0,
                Optional.empty());
    }

    @Override
    public String name() {
        return "backprop";
    }

    @Override
    public String iterationName() {
        return "epoch";
    }

    @Override
    public Class<DifferentiableProblem> problemType() {
        return DifferentiableProblem.class;
    }

    @Override
    public Search start(DifferentiableProblem problem, RunContext context) {
        if (earlyStopping.isPresent() && !problem.hasValidation()) {
            throw new IllegalArgumentException("early stopping needs a validation split, and this task has none");
        }
        double[] params = problem.initialParameters(context.seeds().stream(SeedStreams.INIT));
        return new Epochs(problem, context, params);
    }

    /** The state of one run: parameters, gradient, shuffled order, rule state, early-stopping record. */
    private final class Epochs implements Search {
        private final DifferentiableProblem problem;
        private final RunContext context;
        private final double[] params;
        private final double[] grad;
        private final int[] order;
        private final RandomGenerator shuffle;
        private final UpdateRule.Stepper stepper;
        private long epoch;
        private double bestValidation = Double.POSITIVE_INFINITY;
        private double[] best;
        private int epochsWithoutImprovement;

        Epochs(DifferentiableProblem problem, RunContext context, double[] params) {
            this.problem = problem;
            this.context = context;
            this.params = params;
            this.grad = new double[params.length];
            this.order = new int[problem.trainingSize()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            this.shuffle = context.seeds().stream(SeedStreams.SHUFFLE);
            this.stepper = rule.start(params.length);
        }

        @Override
        public StepOutcome step() {
            double lr = schedule.rate(learningRate, epoch);
            shuffle(order, shuffle);
            int n = order.length;
            int batch = batchSize == 0 ? n : Math.min(batchSize, n);
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                double loss = problem.lossAndGradient(params, order, from, to, grad);
                lossSum += loss * (to - from);
                if (!Double.isFinite(loss)) {
                    return StepOutcome.proceed(loss);
                }
                update(lr);
            }
            epoch++;
            double objective = lossSum / n;
            if (earlyStopping.isEmpty()) {
                return StepOutcome.proceed(objective);
            }
            EarlyStopping rule = earlyStopping.get();
            double validation = problem.validationLoss(params);
            if (validation < bestValidation - rule.minDelta()) {
                bestValidation = validation;
                best = params.clone();
                epochsWithoutImprovement = 0;
            } else if (++epochsWithoutImprovement >= rule.patience()) {
                return StepOutcome.stop(
                        objective,
                        "validation loss did not improve for " + rule.patience() + " epochs (best " + bestValidation
                                + ")");
            }
            return StepOutcome.proceed(objective);
        }

        private void update(double lr) {
            long flops = org.learnbench.optim.rules.GradientClipping.clipGlobalNorm(grad, clipNorm);
            if (weightDecay > 0) {
                for (int i = 0; i < grad.length; i++) {
                    grad[i] += weightDecay * params[i];
                }
                flops += 2L * grad.length;
            }
            if (decoupledWeightDecay > 0) {
                double factor = 1 - lr * decoupledWeightDecay;
                for (int i = 0; i < params.length; i++) {
                    params[i] *= factor;
                }
                flops += params.length;
            }
            stepper.apply(params, grad, lr);
            flops += (long) rule.flopsPerParameter() * params.length;
            context.ops().addFlops(flops);
        }

        @Override
        public double[] solution() {
            return params;
        }

        @Override
        public double[] finalSolution() {
            boolean restore = earlyStopping.map(EarlyStopping::restoreBest).orElse(false);
            return restore && best != null ? best : params;
        }
    }

    /** Fisher-Yates shuffle from the given generator. */
    static void shuffle(int[] a, RandomGenerator random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
